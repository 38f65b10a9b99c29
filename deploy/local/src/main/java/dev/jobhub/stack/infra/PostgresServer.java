package dev.jobhub.stack.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster run from the Debian binaries as a plain process: initialised on first start, bound to
 * 127.0.0.1 on its own port, with its unix socket in its own folder. When we are root every command runs as the
 * {@code postgres} user, since PostgreSQL refuses to run as root.
 *
 * @param durable false for throw-away test clusters: fsync and synchronous commits off, which is faster and loses
 *                committed data only when the operating system crashes (or, without synchronous commit, the last
 *                few commits when PostgreSQL itself crashes) — never for the local stack, which promises that
 *                an accepted job survives a PostgreSQL crash
 */
public record PostgresServer(Path home, int port, boolean durable) {

    /**
     * Checkpoints far enough apart for a queue's write rate. With the defaults (a checkpoint every 1 GB of WAL or 5
     * minutes) a burst of 20,000 jobs checkpointed every 14 to 40 seconds, and after each checkpoint the first change
     * to every page is logged as the whole 8 KiB page: the random keys of the job, notification and delivery indexes
     * touch a new page with almost every row, so most of the WAL was full page images and the disk, not the CPU, set
     * the pace. A crash replays at most this much WAL on the next start; lz4 compresses the full page images.
     */
    static final List<String> DURABLE_WAL = List.of("-c", "max_wal_size=4GB", "-c", "checkpoint_timeout=15min",
            "-c", "wal_compression=lz4");

    public Path dataDir() {
        return home.resolve("data");
    }

    public Path socketDir() {
        return home.resolve("run");
    }

    public Path logFile() {
        return home.resolve("postgres.log");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * The newest installed server's bin folder ({@code PG_BIN} overrides). On a Debian machine where we are root
     * and the server is missing, it is installed from the Debian packages first, so that a fresh machine needs
     * nothing installed by hand.
     */
    public static synchronized Path binaries() {
        String override = System.getenv("PG_BIN");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        try {
            return installedBinaries();
        } catch (IllegalStateException missing) {
            if (!Commands.runningAsRoot() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
                throw missing;
            }
            System.out.println("PostgreSQL server binaries not found: installing the Debian package 'postgresql'");
            Commands.run(List.of("apt-get", "update", "-qq"), Duration.ofMinutes(5));
            Commands.run(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq",
                    "postgresql"), Duration.ofMinutes(10));
            return installedBinaries();
        }
    }

    private static Path installedBinaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion))
                    .orElseThrow(PostgresServer::notInstalled);
        } catch (IOException e) {
            throw notInstalled();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static IllegalStateException notInstalled() {
        return new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql; "
                + "install them (apt-get install -y postgresql) or set PG_BIN to their bin folder");
    }

    public boolean isRunning() {
        return Files.exists(dataDir().resolve("postmaster.pid")) && Ports.isListening(port);
    }

    /** The postmaster (its backends are its children), if it runs: the first line of its pid file. */
    public java.util.Optional<ProcessHandle> process() {
        return ProcessFiles.livePid(dataDir().resolve("postmaster.pid"));
    }

    /** Initialises the cluster if needed and starts it; a running cluster is left alone. */
    public void start() {
        if (isRunning()) {
            return;
        }
        Ports.requireFree(port, "PostgreSQL", "JOBHUB_PG_PORT");
        Path bin = binaries();
        try {
            Files.createDirectories(socketDir());
            Commands.ownByPostgres(home);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + home, e);
        }
        if (!Files.exists(dataDir().resolve("PG_VERSION"))) {
            Commands.run(Commands.asPostgresUser(List.of(bin.resolve("initdb").toString(), "-D", dataDir().toString(),
                    "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                    "--locale=C.UTF-8")), Duration.ofMinutes(2));
        }
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port), "-k", socketDir().toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"));
        if (durable) {
            options.addAll(DURABLE_WAL);
        } else {
            options.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        Commands.run(Commands.asPostgresUser(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir().toString(),
                "-l", logFile().toString(), "-w", "-t", "60", "-o", String.join(" ", options), "start")),
                Duration.ofSeconds(90));
    }

    /** Creates the login role and its database unless they exist. */
    public void ensureDatabase(String database, String user, String password) {
        String role = "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "') THEN "
                + "CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'; END IF; END $$;";
        psql("postgres", role);
        String exists = psql("postgres", "SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
        if (!exists.trim().equals("1")) {
            psql("postgres", "CREATE DATABASE " + database + " OWNER " + user);
        }
    }

    /** Runs SQL as the superuser over the unix socket; returns unaligned, tuples-only output. */
    public String psql(String database, String sql) {
        return Commands.run(Commands.asPostgresUser(List.of(binaries().resolve("psql").toString(),
                "-h", socketDir().toString(), "-p", Integer.toString(port), "-U", "postgres", "-d", database,
                "-v", "ON_ERROR_STOP=1", "-At", "-c", sql)), Duration.ofSeconds(60));
    }

    public void stop() {
        stop("fast");
    }

    /** {@code pg_ctl stop -m immediate}: no checkpoint, the next start recovers from the WAL, as after a crash. */
    public void stopImmediately() {
        stop("immediate");
    }

    private void stop(String mode) {
        if (!Files.exists(dataDir().resolve("postmaster.pid"))) {
            return;
        }
        Commands.run(Commands.asPostgresUser(List.of(binaries().resolve("pg_ctl").toString(), "-D",
                dataDir().toString(), "-m", mode, "-w", "stop")), Duration.ofSeconds(60));
    }
}
