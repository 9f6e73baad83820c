package io.syncid.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection of the load generator, with requests encoded before the clock starts. A load
 * generator should cost the machine as little as it can, since on a shared machine every CPU-second it spends is taken
 * from the server it measures; {@code java.net.http.HttpClient} spent about a quarter of what the gateway did.
 */
final class HttpLoadConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    private final byte[] buffer = new byte[8192];

    HttpLoadConnection(URI base) throws IOException {
        this.socket = new Socket(base.getHost(), base.getPort());
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /** The bytes of a complete {@code POST} request, to be sent later by {@link #exchange(byte[])}. */
    static byte[] post(URI uri, String authorization, byte[] json) {
        String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Authorization: " + authorization + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + json.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + json.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(json, 0, request, headBytes.length, json.length);
        return request;
    }

    /** The bytes of a complete {@code GET} request of {@code pathAndQuery}, to be sent by {@link #exchange(byte[])}. */
    static byte[] get(URI base, String pathAndQuery, String authorization) {
        return ("GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Authorization: " + authorization + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends one request and reads its whole response; the status code and body. */
    Response exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        body.reset();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16); size > 0; size = Long
                    .parseLong(line().split(";", 2)[0].trim(), 16)) {
                copy(size);
                line();
            }
            // Trailers, if any, end with an empty line.
            while (!line().isEmpty()) {
                // skip
            }
        } else if (length >= 0) {
            copy(length);
        } else {
            throw new IOException("response without Content-Length or chunked encoding: " + status);
        }
        return new Response(code, body.toByteArray());
    }

    private void copy(long size) throws IOException {
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("connection closed inside a response body");
            }
            body.write(buffer, 0, n);
            left -= n;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed inside a response head");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A response's status code and body bytes. */
    record Response(int status, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** How many times {@code needle} occurs in the body. */
        long count(String needle) {
            String text = text();
            long n = 0;
            for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
                n++;
            }
            return n;
        }
    }
}
