package dev.jobhub.stack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessFilesTest {

    @Test
    void readsTheStateAfterACommandNameWithSpacesAndParentheses(@TempDir Path dir) throws IOException {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, "4242 (java (x) y) Z 1 4242 4242 0 -1", StandardCharsets.UTF_8);
        assertThat(ProcessFiles.state(stat)).contains('Z');
        Files.writeString(stat, "4242 (postgres) S 1", StandardCharsets.UTF_8);
        assertThat(ProcessFiles.state(stat)).contains('S');
    }

    @Test
    void aKilledProcessNotYetReapedIsNotLive(@TempDir Path dir) throws Exception {
        // the JVM reaps its own children at once: the victim is a child of a shell that execs into a process which
        // never reaps it, so it stays a zombie until that parent ends
        Process parent = new ProcessBuilder("sh", "-c", "sleep 60 & echo $!; exec sleep 60").start();
        try {
            long victim = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine().trim());
            Path pidFile = dir.resolve("victim.pid");
            ProcessFiles.writePid(pidFile, victim);
            assertThat(ProcessFiles.livePid(pidFile)).isPresent();

            new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ProcessFiles.isZombie(victim) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ProcessFiles.isZombie(victim)).as("killed, not reaped").isTrue();
            assertThat(ProcessFiles.livePid(pidFile)).isEmpty();
        } finally {
            parent.destroyForcibly();
        }
    }
}
