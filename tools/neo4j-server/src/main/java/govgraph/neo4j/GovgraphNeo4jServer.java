package govgraph.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A real Neo4j 5 community server (the test harness: Bolt, HTTP and Neo4j Browser) on
 * loopback, with authentication on, for govgraph's tests and developers.
 *
 * <p>Usage: {@code GovgraphNeo4jServer BOLT_PORT HTTP_PORT WORK_DIR [key=value ...]}. The
 * password of user {@code neo4j} comes from the environment variable
 * {@code GOVGRAPH_NEO4J_PASSWORD} (never from the command line, which other users can read),
 * and must have at least 8 characters. Extra {@code key=value} arguments are Neo4j settings
 * by their {@code neo4j.conf} names (for example the Browser's remote content allow-list).
 *
 * <p>Prints one line {@code READY bolt://... http://...} on standard output once the server
 * accepts connections, then runs until it gets SIGTERM/SIGINT or its standard input closes,
 * so a parent process that dies cannot leave it running (with {@code GOVGRAPH_NEO4J_DETACHED=1}
 * it ignores standard input and runs until SIGTERM).
 *
 * <p>{@code GovgraphNeo4jServer --train WORK_DIR} starts a server on random ports, runs a few
 * queries and exits: {@code build.sh} runs it once under {@code -XX:ArchiveClassesAtExit} to
 * record a class-data-sharing archive, which roughly halves every later start.
 */
public final class GovgraphNeo4jServer {

    private static final String PASSWORD_ENV = "GOVGRAPH_NEO4J_PASSWORD";

    private GovgraphNeo4jServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--train")) {
            train(Path.of(args[1]).toAbsolutePath());
            return;
        }
        if (args.length < 3) {
            fail("usage: GovgraphNeo4jServer BOLT_PORT HTTP_PORT WORK_DIR [key=value ...]");
        }
        int boltPort = port(args[0], "BOLT_PORT");
        int httpPort = port(args[1], "HTTP_PORT");
        Path workDir = Path.of(args[2]).toAbsolutePath();
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.length() < 8) {
            fail(PASSWORD_ENV + " must be set to a password of at least 8 characters");
        }
        Files.createDirectories(workDir);

        // The harness logs to its own files; keep stdout for the READY line only.
        PrintStream out = System.out;
        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(workDir)
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
                .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", boltPort))
                .withConfig(HttpConnector.enabled, httpPort > 0)
                .withConfig(HttpConnector.listen_address, new SocketAddress("127.0.0.1", Math.max(httpPort, 0)))
                .withConfig(HttpConnector.advertised_address, new SocketAddress("127.0.0.1", Math.max(httpPort, 0)))
                .withConfig(HttpsConnector.enabled, false)
                .withConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024);
        builder = withRawSettings(builder, args);

        Neo4j neo4j = builder.build();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            neo4j.close();
            stop.countDown();
        }, "govgraph-neo4j-shutdown"));

        // A fresh server has user neo4j with password 'neo4j' that must be changed; set ours.
        neo4j.databaseManagementService()
                .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                .executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", password));

        out.println("READY " + neo4j.boltURI() + (httpPort > 0 ? " " + neo4j.httpURI() : ""));
        out.flush();

        if ("1".equals(System.getenv("GOVGRAPH_NEO4J_DETACHED"))) {
            stop.await(); // `govgraph neo4j start`: runs until SIGTERM
            return;
        }
        Thread stdinWatcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // Ignore input; end of stream means the parent has gone.
                }
            } catch (IOException ignored) {
                // Treat a broken stdin like a closed one.
            }
            System.exit(0);
        }, "govgraph-neo4j-stdin");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();
        stop.await();
    }

    /** Starts and stops a server once, loading the classes a real run needs. */
    private static void train(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        try (Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(workDir)
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .withConfig(HttpConnector.enabled, true)
                .withConfig(HttpConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .withConfig(HttpsConnector.enabled, false)
                .build()) {
            neo4j.databaseManagementService()
                    .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                    .executeTransactionally(
                            "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                            Map.of("password", "training-only"));
            neo4j.defaultDatabaseService().executeTransactionally(
                    "CREATE CONSTRAINT t_id IF NOT EXISTS FOR (n:T) REQUIRE n.id IS UNIQUE");
            neo4j.defaultDatabaseService().executeTransactionally(
                    "UNWIND $rows AS row MERGE (a:T {id: row.id}) SET a.v = row.v "
                            + "WITH a MERGE (a)-[r:R {id: a.id}]->(a) RETURN count(r)",
                    Map.of("rows", java.util.List.of(Map.of("id", "a", "v", 1))));
        }
        System.out.println("trained");
    }

    /** Applies {@code key=value} arguments as Neo4j settings, by their neo4j.conf names. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Neo4jBuilder withRawSettings(Neo4jBuilder builder, String[] args) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                fail("setting " + args[i] + " is not key=value");
            }
            raw.put(args[i].substring(0, eq).trim(), args[i].substring(eq + 1).trim());
        }
        if (raw.isEmpty()) {
            return builder;
        }
        Config parsed;
        try {
            parsed = Config.newBuilder().setRaw(raw).build();
        } catch (IllegalArgumentException e) {
            fail("bad Neo4j setting: " + e.getMessage().split("\\. Cleanup")[0]);
            return builder;
        }
        Map<String, Setting<Object>> declared = parsed.getDeclaredSettings();
        for (String key : raw.keySet()) {
            Setting setting = declared.get(key);
            if (setting == null) {
                fail("unknown Neo4j setting " + key);
            }
            builder = builder.withConfig(setting, parsed.get(setting));
        }
        return builder;
    }

    private static int port(String text, String name) {
        try {
            int value = Integer.parseInt(text);
            if (value < 0 || value > 65535) {
                fail(name + " " + text + " is not a port number (0 disables HTTP)");
            }
            return value;
        } catch (NumberFormatException e) {
            fail(name + " " + text + " is not a number");
            return -1;
        }
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.err.flush();
        System.exit(2);
    }

    static {
        System.setOut(new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }
}
