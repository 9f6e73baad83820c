package io.syncid.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;

/** Free loopback ports chosen at run time, so parallel builds and a running local stack never collide. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first of {@code count} consecutive ports all free on loopback now, for a process that listens on a base port
     * and the ones after it (the local runner's services). Chosen below the kernel's ephemeral range, where
     * {@link #next()} and every outgoing connection take their ports: inside it, a port checked free could be taken
     * by some client's connection before the server binds it (it happened to the runner's fourth service).
     */
    public static int block(int count) {
        int low = 10_000;
        int high = Math.max(ephemeralLow(), low + count + 1);
        Random random = new Random();
        for (int attempt = 0; attempt < 500; attempt++) {
            int base = low + random.nextInt(high - low - count);
            if (IntStream.range(base, base + count).allMatch(FreePorts::isFree)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports between " + low + " and " + high);
    }

    /** The lowest port of Linux's ephemeral range; its default (32768) where it cannot be read. */
    private static int ephemeralLow() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim()
                    .split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Whether {@code port} can be bound on loopback now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts connections on loopback {@code port}. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
