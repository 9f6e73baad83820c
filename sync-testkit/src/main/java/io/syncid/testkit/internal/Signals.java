package io.syncid.testkit.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends SIGSTOP/SIGCONT to a server process: a paused server keeps its sockets open and answers nothing, which is how
 * a hung dependency looks to a client (unlike a dead one, which refuses connections at once).
 */
public final class Signals {

    private Signals() {
    }

    /** Freezes process {@code pid} (SIGSTOP). */
    public static void pause(long pid) {
        send("-STOP", pid);
    }

    /** Lets a frozen process {@code pid} run again (SIGCONT). */
    public static void resume(long pid) {
        send("-CONT", pid);
    }

    private static void send(String signal, long pid) {
        if (pid <= 0) {
            throw new UnsupportedOperationException("not a local process: cannot signal it");
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill " + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
    }
}
