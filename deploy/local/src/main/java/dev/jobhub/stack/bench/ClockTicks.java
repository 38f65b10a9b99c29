package dev.jobhub.stack.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The kernel's clock ticks per second ({@code getconf CLK_TCK}), the unit of CPU time in /proc. */
final class ClockTicks {

    private static final long LINUX_DEFAULT = 100;

    private ClockTicks() {
    }

    static double perSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0 ? Long.parseLong(out)
                    : LINUX_DEFAULT;
        } catch (IOException | NumberFormatException e) {
            return LINUX_DEFAULT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LINUX_DEFAULT;
        }
    }
}
