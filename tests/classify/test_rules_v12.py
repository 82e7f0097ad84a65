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


# Industry phrasings of the 16 rule-decided categories, written for these tests from the
# category definitions (one per line: category, clause). Each must get its category.
PHRASINGS = [
    (
        "ai-content-training-ban",
        "You may not use the AI Services, or any data from the AI Services, to create, train, or improve any AI technology.",
    ),
    (
        "ai-content-training-ban",
        "Do not use content from the Platform to train generative AI models without our written consent.",
    ),
    (
        "ai-content-training-ban",
        "You will not use the API or data obtained through it to develop machine learning models.",
    ),
    (
        "ai-content-training-ban",
        "We reserve the right to prohibit text and data mining of our content for the purpose of training AI systems.",
    ),
    (
        "ai-content-training-ban",
        "Using the Services to build datasets for training large language models is prohibited.",
    ),
    (
        "ai-content-training-ban",
        "(d) use any data retrieved through the Developer Platform to train or fine-tune an AI model;",
    ),
    (
        "ai-content-training-ban",
        "Developers may not use Platform Data to train artificial intelligence models.",
    ),
    (
        "ai-output-training-ban",
        "You may not use Outputs to develop AI models that compete with our products.",
    ),
    (
        "ai-output-training-ban",
        "Customer shall not use any Output to train, fine-tune or otherwise improve a foundation model.",
    ),
    (
        "ai-output-training-ban",
        "You agree not to use the results of the Services to create a competing language model.",
    ),
    ("ai-output-training-ban", "Don't use responses generated by the API to train other models."),
    (
        "provider-trains-on-user-content",
        "We use the prompts you submit and the responses to train and improve our models.",
    ),
    ("provider-trains-on-user-content", "Your Content may be used to improve our AI features."),
    (
        "provider-trains-on-user-content",
        "We may use information you share with our AI to develop and improve the AI models that power our products.",
    ),
    (
        "provider-trains-on-user-content",
        "Conversations with Assistant are reviewed by trained reviewers and used to train our machine learning systems.",
    ),
    (
        "provider-trains-on-user-content",
        "Public posts may be used to train our generative AI models.",
    ),
    ("ai-training-opt-out", "You can turn off model training in Settings > Data Controls."),
    (
        "ai-training-opt-out",
        "If you do not want your data used for training, you can opt out at any time.",
    ),
    (
        "ai-training-opt-out",
        "You may object to the use of your personal data for AI development using this form.",
    ),
    ("ai-safety-circumvention-ban", "Do not attempt to bypass the safety filters of our models."),
    (
        "ai-safety-circumvention-ban",
        "You must not jailbreak the assistant or use prompt injection to override its instructions.",
    ),
    (
        "ai-safety-circumvention-ban",
        "Circumventing safeguards or usage limits of the Services is prohibited.",
    ),
    (
        "ai-output-disclosure",
        "You must disclose to viewers that the content was generated by artificial intelligence.",
    ),
    (
        "ai-output-disclosure",
        "Clearly label realistic AI-generated images and videos as synthetic.",
    ),
    ("ai-output-disclosure", "Do not present AI output as if it was written by a person."),
    ("ai-output-disclosure", "We add an invisible watermark to images created with our AI tools."),
    ("output-ownership", "As between you and us, you own all Output."),
    ("output-ownership", "We assign to you all our right, title and interest in and to Output."),
    ("output-ownership", "Outputs may not be unique and other users may receive similar content."),
    ("output-ownership", "You retain ownership of the content you generate with the Services."),
    (
        "third-party-data-sharing",
        "We share your information with service providers who help us operate the Service.",
    ),
    (
        "third-party-data-sharing",
        "We may disclose personal data to law enforcement when required by law.",
    ),
    ("third-party-data-sharing", "Your information may be shared with our affiliates."),
    ("third-party-data-sharing", "We provide advertisers with aggregated reports."),
    ("third-party-data-sharing", "We sell personal information to data brokers."),
    ("third-party-data-sharing", "Other users can see your profile name and photo."),
    ("data-retention", "We keep your data for as long as your account is active."),
    ("data-retention", "Chats are deleted after 30 days."),
    ("data-retention", "We retain log data for up to 18 months."),
    (
        "data-retention",
        "Personal data is stored only as long as necessary for the purposes for which it was collected.",
    ),
    (
        "data-retention",
        "When you delete your account, we delete your personal data within 90 days.",
    ),
    (
        "international-data-transfer",
        "We may transfer your personal data to countries outside the EEA.",
    ),
    (
        "international-data-transfer",
        "Your information may be processed in the United States and other countries.",
    ),
    (
        "international-data-transfer",
        "We rely on the EU Standard Contractual Clauses for transfers.",
    ),
    ("minimum-age", "You must be 18 or older to use the Services."),
    ("minimum-age", "Children under 13 may not create an account."),
    ("minimum-age", "If you are a minor, you need your parent's permission."),
    ("data-subject-rights", "You have the right to access, correct or delete your personal data."),
    ("data-subject-rights", "You can lodge a complaint with your supervisory authority."),
    ("data-subject-rights", "To exercise your rights, contact privacy@acme.com."),
    ("data-subject-rights", "You may withdraw your consent at any time."),
    ("data-subject-rights", "You can ask us to stop processing your data."),
    ("user-content-license", "You grant us a worldwide, royalty-free licence to use your content."),
    ("user-content-license", "By posting content, you give us permission to display it."),
    ("scraping-ban", "You may not use bots or scrapers to access the Service."),
    ("scraping-ban", "Do not crawl the site."),
    ("reverse-engineering-ban", "You may not reverse engineer the software."),
    ("reverse-engineering-ban", "Do not attempt to extract model weights."),
    (
        "ai-content-training-ban",
        "(iii) using any data from the AI Features to create, train or improve any artificial intelligence technology;",
    ),
    (
        "ai-content-training-ban",
        "You may not use the Maps Content to create or augment a machine learning model.",
    ),
    ("ai-content-training-ban", "Don't use Platform content for AI model training."),
    ("ai-content-training-ban", "No one may use content on the Site to feed or train AI systems."),
    (
        "ai-content-training-ban",
        "We prohibit the use of our data for training artificial intelligence.",
    ),
    (
        "ai-content-training-ban",
        "use the API Data to build, train or improve a large language model",
    ),
    (
        "ai-content-training-ban",
        "Automated collection of content for training AI models is prohibited.",
    ),
    (
        "ai-content-training-ban",
        "You shall not use the Developer Services to train or develop an AI product.",
    ),
    (
        "ai-output-training-ban",
        "Customers may not use output from the Service to train a model that competes with Acme.",
    ),
    ("ai-output-training-ban", "(e) using Outputs to improve any other large language model;"),
    ("ai-output-training-ban", "Outputs must not be used for training machine learning models."),
    (
        "ai-output-training-ban",
        "You will not use generated content to develop a competing AI service.",
    ),
    (
        "provider-trains-on-user-content",
        "We use de-identified chats to train the models that power Assistant.",
    ),
    ("provider-trains-on-user-content", "Inputs and Outputs may be used to train our models."),
    (
        "provider-trains-on-user-content",
        "Acme uses your interactions with AI features to improve its models.",
    ),
    (
        "provider-trains-on-user-content",
        "To develop and improve our artificial intelligence technology, we process the content you share publicly.",
    ),
    ("provider-trains-on-user-content", "Your feedback may be used for model training."),
    (
        "provider-trains-on-user-content",
        "We train our AI using posts and comments that users make public.",
    ),
    ("ai-training-opt-out", "You can choose whether your chats are used to train our models."),
    (
        "ai-training-opt-out",
        "To stop us from using your content for AI training, disable the 'Improve the model' setting.",
    ),
    ("ai-training-opt-out", "Users may opt out of having their data used for model improvement."),
    (
        "ai-training-opt-out",
        "You have the right to object to the processing of your data for training AI.",
    ),
    (
        "ai-safety-circumvention-ban",
        "Attempting to get around the model's safety mitigations is not allowed.",
    ),
    (
        "ai-safety-circumvention-ban",
        "Do not manipulate the AI to produce content it is designed to refuse.",
    ),
    (
        "ai-safety-circumvention-ban",
        "You may not disable or interfere with the content filters of Acme AI.",
    ),
    (
        "ai-output-disclosure",
        "If you publish AI-generated content, you must disclose that it was created with AI.",
    ),
    ("ai-output-disclosure", "Content generated by our AI may carry a visible label."),
    ("ai-output-disclosure", "Do not misrepresent AI-generated content as human-made."),
    ("ai-output-disclosure", "You must tell people when they are chatting with an AI."),
    (
        "output-ownership",
        "Subject to these Terms, Acme assigns to you all rights in the outputs you generate.",
    ),
    ("output-ownership", "You are the owner of any images you create with the AI tools."),
    ("output-ownership", "We do not claim ownership of the output."),
    (
        "third-party-data-sharing",
        "We may share aggregated or de-identified information with partners.",
    ),
    ("third-party-data-sharing", "Service providers process your data on our behalf."),
    (
        "third-party-data-sharing",
        "Your personal data may be disclosed to public authorities where required by law.",
    ),
    (
        "third-party-data-sharing",
        "We may transfer your information to a buyer in connection with a merger.",
    ),
    (
        "data-retention",
        "We will retain your information for as long as needed to provide the services.",
    ),
    ("data-retention", "Search history is automatically deleted after 18 months."),
    ("data-retention", "Logs are kept for 90 days."),
    (
        "international-data-transfer",
        "Your data may be transferred to and stored on servers in Singapore.",
    ),
    (
        "international-data-transfer",
        "Where we transfer data outside the EU, we use appropriate safeguards.",
    ),
    ("minimum-age", "The Service is not intended for users under 16."),
    ("minimum-age", "You must be of legal age to form a binding contract."),
    ("data-subject-rights", "You can request access to the personal data we hold about you."),
    ("data-subject-rights", "Users can delete their chat history at any time."),
    ("third-party-data-sharing", "Your data will be passed on to the payment service provider."),
    (
        "third-party-data-sharing",
        "The recipients of your data are: hosting providers, payment processors and our affiliates.",
    ),
    ("third-party-data-sharing", "We transmit your information to our advertising partners."),
    ("third-party-data-sharing", "Data may be made available to our group companies."),
    (
        "third-party-data-sharing",
        "Apps you connect to your account can access your profile information.",
    ),
    (
        "data-retention",
        "We store personal data until the purpose for which it was collected has been fulfilled.",
    ),
    ("data-retention", "Your data will be erased 30 days after your account is closed."),
    ("data-retention", "Backup copies may persist for up to 6 months."),
    ("data-retention", "We keep transaction records for 10 years to meet tax obligations."),
    ("data-retention", "Once the retention period expires, the data is deleted."),
    (
        "international-data-transfer",
        "Your data may be processed by our service providers located outside the European Economic Area.",
    ),
    (
        "international-data-transfer",
        "We operate globally, so your information may be processed in any country where we have operations.",
    ),
    (
        "international-data-transfer",
        "Data are hosted in data centres in the United States and Europe.",
    ),
    (
        "data-subject-rights",
        "You are entitled to obtain information about the personal data stored about you.",
    ),
    ("data-subject-rights", "You may contact our Data Protection Officer to exercise your rights."),
    ("data-subject-rights", "You have a right to data portability."),
    ("minimum-age", "Users must be at least sixteen (16) years old."),
    ("minimum-age", "We do not knowingly collect personal information from children under 13."),
    ("user-content-license", "You authorize us to use, reproduce and display your content."),
]


@pytest.mark.parametrize(("category", "text"), PHRASINGS)
def test_industry_phrasings_get_their_category(category: str, text: str) -> None:
    assert category in cats(text)
