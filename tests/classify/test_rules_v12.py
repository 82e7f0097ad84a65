"""Rules v12: phrase families added for recall, each with examples that must and must not fire.

Every example was written for these tests from the category definitions (industry-typical
phrasings), not copied from any evaluation set. A positive asserts that the named rule
fires; for categories the rules decide (and for decisive rules) the label is asserted too,
so a rule that fires but is vetoed or mis-filed fails here.
"""

from __future__ import annotations

import pytest

from govgraph.classify import classify
from govgraph.classify.rules import fire_rules, load_rules


def fired(text: str) -> set[str]:
    return {rule.name for rule, _, _ in fire_rules(text)}


def cats(text: str) -> set[str]:
    return {label.category for label in classify(text)}


# (rule, text): the rule must fire and, when ``label`` is true, the category must be output.
POSITIVE = [
    # unilateral-change: notices of changes, conditional changes, publication of updates
    (
        "unilateral-change.notify-of-changes",
        "Acme will notify Customer of any material updates to these Terms by email.",
    ),
    (
        "unilateral-change.notify-of-changes",
        "We will let you know in advance of significant changes to this Privacy Policy.",
    ),
    (
        "unilateral-change.notify-of-changes",
        "We will post the revised terms on this page and indicate the effective date.",
    ),
    (
        "unilateral-change.if-we-change",
        "If we change these Terms in a way that affects you, we will email you first.",
    ),
    (
        "unilateral-change.if-we-change",
        "When Acme updates this Agreement, the new version is shown in the app.",
    ),
    (
        "unilateral-change.updates-will-be-published",
        "Any amendments to the terms of service will be published on our website.",
    ),
    ("unilateral-change.updates-will-be-published", "These Terms are subject to change."),
    (
        "unilateral-change.updates-will-be-published",
        "Continued use of the app means you accept the revised Terms.",
    ),
    # content-removal: pronoun objects, moderation statements, actions against content
    (
        "content-removal.remove-it",
        "If a post breaks our rules, we may remove it without notice.",
    ),
    (
        "content-removal.remove-it",
        "Where a listing is reported as infringing, Acme can disable access to it.",
    ),
    (
        "content-removal.content-moderation",
        "We review content that is reported to us and remove material that violates "
        "our guidelines.",
    ),
    (
        "content-removal.content-moderation",
        "We may take appropriate action against content that breaches these Terms.",
    ),
    # acceptance-by-use
    (
        "acceptance-by-use.agree-by-doing",
        "You accept these Terms by creating an account or by using the Service.",
    ),
    (
        "acceptance-by-use.binding-on-use",
        "This Agreement becomes binding as soon as you first use the app.",
    ),
    # data-retention
    (
        "data-retention.retain-as-required",
        "After you close your account, we may retain certain information as required by law.",
    ),
    (
        "data-retention.deleted-on-event",
        "We will delete your data once it is no longer needed for these purposes.",
    ),
    (
        "data-retention.deleted-on-event",
        "Billing records are kept for the duration of your subscription.",
    ),
    # international-data-transfer
    (
        "international-data-transfer.named-country",
        "Your personal data is stored on servers in the United States.",
    ),
    (
        "international-data-transfer.different-laws",
        "These countries may have data protection laws that are less protective than those "
        "of your country.",
    ),
    # data-subject-rights
    (
        "data-subject-rights.request-family",
        "From your settings you can download a copy of your data at any time.",
    ),
    (
        "data-subject-rights.request-family",
        "We respond to verifiable consumer requests within 45 days.",
    ),
    (
        "data-subject-rights.request-family",
        "Residents may request removal of content they posted while they were minors.",
    ),
    # third-party-data-sharing
    (
        "third-party-data-sharing.partners-with-whom",
        "Partners with whom we run joint promotions.",
    ),
    (
        "third-party-data-sharing.party-receives",
        "This section explains who receives personal data collected through the app.",
    ),
    # user-content-license
    (
        "user-content-license.use-without-compensation",
        "If you send us ideas or feedback, we may use them without compensation to you.",
    ),
    # AI categories
    (
        "ai-output-disclosure.ai-marks",
        "Do not remove labels that indicate the image was generated with our AI tools.",
    ),
    (
        "ai-output-training-ban.output-as-training-data",
        "You may not use outputs as training data for any other model.",
    ),
    (
        "provider-trains-on-user-content.data-used-to-train",
        "Your conversations may be used to improve our AI models unless you opt out.",
    ),
    (
        "ai-output-training-ban.output-not-used-to-train",
        "Generated results must not be used for training machine learning models.",
    ),
    (
        "ai-safety-circumvention-ban.manipulate-model",
        "Do not trick the assistant into producing answers it is designed to refuse.",
    ),
    (
        "ai-output-disclosure.ai-content-labelled",
        "Images generated with our AI will carry a visible watermark.",
    ),
    (
        "ai-output-disclosure.disclose-ai",
        "Tell your customers when they are chatting with an AI agent.",
    ),
    (
        "ai-output-disclosure.human-generated",
        "Never misrepresent synthetic audio as human-made.",
    ),
    (
        "output-ownership.owner-or-claim",
        "Acme does not claim ownership of the outputs you receive.",
    ),
    (
        "output-ownership.owner-or-claim",
        "You are the sole owner of images you create with the AI image tool.",
    ),
    (
        "ai-training-opt-out.object-to-training",
        "You may object to the use of your personal data for AI development.",
    ),
    (
        "content-removal.if-we-remove",
        "If we remove your post, we will tell you why and how to appeal.",
    ),
    (
        "content-removal.measures-against-content",
        "Videos that break these rules repeatedly will be removed from the platform.",
    ),
    (
        "unilateral-termination.account-terminated",
        "Accounts that impersonate others may be suspended without warning.",
    ),
    (
        "unilateral-change.terms-passive-change",
        "This Privacy Notice may be updated from time to time.",
    ),
    (
        "minimum-age.age-of-majority",
        "You must be of legal age to enter into a binding contract to use the app.",
    ),
    (
        "minimum-age.age-threshold",
        "You must be 18 or older to buy alcohol through the app.",
    ),
    (
        "data-subject-rights.request-copy-or-deletion",
        "You can ask us to stop processing your data for marketing.",
    ),
    (
        "third-party-data-sharing.visible-to-others",
        "Other users can see your display name and profile photo.",
    ),
    (
        "user-content-license.grant-license",
        "By uploading content, you give us permission to show it to others.",
    ),
    (
        "acceptance-by-use.continued-use-constitutes",
        "Your use of the website means you accept these conditions.",
    ),
]

# Rules that are features for the linear model only (their category is decided by the
# model): they must fire, but the label is the model's call.
FEATURE_ONLY = [
    (
        "liability-limitation.no-guarantee",
        "We cannot guarantee that the service will be uninterrupted or error-free.",
    ),
    (
        "liability-limitation.no-guarantee",
        "You use the service at your own risk.",
    ),
    (
        "liability-limitation.output-accuracy",
        "Output may not always be accurate; do not rely on responses as professional advice.",
    ),
    (
        "acceptance-by-use.disagree-do-not-use",
        "If you do not accept these rules, please stop using the website.",
    ),
]


@pytest.mark.parametrize(("rule", "text"), POSITIVE)
def test_new_family_fires_and_labels(rule: str, text: str) -> None:
    assert rule in fired(text)
    assert rule.split(".")[0] in cats(text)


@pytest.mark.parametrize(("rule", "text"), FEATURE_ONLY)
def test_feature_rules_fire(rule: str, text: str) -> None:
    assert rule in fired(text)


# (rule, text): known false-positive contexts the guards must keep out.
NEGATIVE = [
    # the user, not the provider, deletes; a court, not the provider, changes terms
    ("content-removal.remove-it", "If you delete a message, you will delete that copy too."),
    (
        "content-removal.content-moderation",
        "Group admins can moderate posts and remove members who break the group's rules.",
    ),
    (
        "unilateral-change.notify-of-changes",
        "We will notify you of changes to your account password by email.",
    ),
    (
        "unilateral-change.if-we-change",
        "If you change your settings, the new preferences apply immediately.",
    ),
    (
        "unilateral-change.updates-will-be-published",
        "Updates to your profile will be visible to your followers.",
    ),
    (
        "acceptance-by-use.agree-by-doing",
        "You agree to keep your password secret.",
    ),
    (
        "data-retention.deleted-on-event",
        "Your ad choice is stored in a cookie valid for five years.",
    ),
    (
        "international-data-transfer.named-country",
        "These Terms are governed by the laws of the United States.",
    ),
    (
        "data-subject-rights.request-family",
        "You may not request a copy of the software's source code.",
    ),
    (
        "user-content-license.use-without-compensation",
        "You may use the sample images without attribution.",
    ),
    (
        "ai-output-disclosure.ai-marks",
        "Road signs and labels that show the way to the exit.",
    ),
    (
        "ai-output-training-ban.output-as-training-data",
        "We may use outputs as training data to improve our models.",
    ),
    (
        "provider-trains-on-user-content.data-used-to-train",
        "Your conversations will not be used to train our models.",
    ),
    (
        "output-ownership.own-output",
        "You should do your own research and should not rely on output as fact.",
    ),
    (
        "ai-output-training-ban.output-not-used-to-train",
        "Outputs may be used to improve our models.",
    ),
    (
        "ai-safety-circumvention-ban.manipulate-model",
        "Prompt the assistant to summarise your documents.",
    ),
    (
        "ai-output-disclosure.ai-content-labelled",
        "AI-generated content may contain errors.",
    ),
    (
        "output-ownership.owner-or-claim",
        "You are the owner of the account and responsible for its security.",
    ),
    (
        "content-removal.if-we-remove",
        "If UpScrolled unlawfully removes your content, you may bring a claim.",
    ),
    (
        "third-party-data-sharing.visible-to-others",
        "No one can see your private messages except you and the recipient.",
    ),
    (
        "unilateral-change.terms-passive-change",
        "This Agreement may be amended only by a written agreement signed by both parties.",
    ),
    (
        "third-party-data-sharing.we-share",
        "You may ask an app to share personal information with us.",
    ),
    (
        "data-subject-rights.exercise-rights",
        "We may disclose data to establish or exercise our legal rights.",
    ),
    (
        "third-party-data-sharing.partners-with-whom",
        "Partners with whom you interact are responsible for their own services.",
    ),
    (
        "data-retention.retain-for",
        "We store cookies on your device until you delete them.",
    ),
    (
        "unilateral-change.modify-service",
        "We may stop providing the Services to you if you break these Terms.",
    ),
    (
        "content-removal.measures-against-content",
        "Reporting a post does not mean it will be removed.",
    ),
    (
        "governing-law.named-law",
        "You must comply with the export laws of the United States that apply to the app.",
    ),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE)
def test_new_family_stays_out_of_known_false_positives(rule: str, text: str) -> None:
    assert rule not in fired(text)


@pytest.mark.parametrize(
    "text",
    [
        # consequences of a termination and user deletions are not provider powers
        "Following termination of your account, we may retain your content for backup "
        "purposes as required by law.",
        "Deleted user content will be removed from our servers within 48 hours.",
        "Content will not be deleted while a legal hold applies.",
    ],
)
def test_consequence_clauses_are_not_decisive_powers(text: str) -> None:
    decisive = {
        rule.name
        for rule, _, _ in fire_rules(text)
        if rule.decisive and rule.category in {"content-removal", "unilateral-termination"}
    }
    assert decisive == set()


def test_every_rule_in_this_file_exists() -> None:
    names = {rule.name for rule in load_rules()[1]}
    used = {r for r, _ in POSITIVE + FEATURE_ONLY + NEGATIVE}
    assert used <= names


def test_rules_version_is_bumped_for_v12() -> None:
    assert load_rules()[0] >= 12
