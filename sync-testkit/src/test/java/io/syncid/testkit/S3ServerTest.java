package io.syncid.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** S3Proxy is a real S3 API: put/get/list/delete, and a presigned PUT from a plain HTTP client. */
class S3ServerTest {

    @Test
    void objectsRoundTripAndAPresignedPutWorks() throws Exception {
        long pid;
        try (S3Server s3 = S3Server.start(null); var presigner = s3.presigner()) {
            pid = s3.pid();
            s3.createBucket("attachments");
            s3.createBucket("attachments");
            s3.client().putObject(p -> p.bucket("attachments").key("alice/x/a.txt"), RequestBody.fromString("hello"));
            assertThat(s3.client().getObjectAsBytes(g -> g.bucket("attachments").key("alice/x/a.txt"))
                    .asString(StandardCharsets.UTF_8)).isEqualTo("hello");

            URI url = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(r -> r.bucket("attachments").key("alice/x/b.bin"))).url().toURI();
            assertThat(url.getPath()).as("path-style").startsWith("/attachments/");
            HttpResponse<String> put = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofString("presigned")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(s3.client().listObjectsV2(l -> l.bucket("attachments").prefix("alice/x/")).contents())
                    .extracting(S3Object::key).containsExactlyInAnyOrder("alice/x/a.txt", "alice/x/b.bin");
            assertThat(s3.client().getObjectAsBytes(g -> g.bucket("attachments").key("alice/x/b.bin"))
                    .asString(StandardCharsets.UTF_8)).isEqualTo("presigned");

            s3.client().deleteObject(d -> d.bucket("attachments").key("alice/x/a.txt"));
            assertThat(s3.client().listObjectsV2(l -> l.bucket("attachments").prefix("alice/x/")).contents())
                    .extracting(S3Object::key).containsExactly("alice/x/b.bin");
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("S3Proxy after close").isEmpty();
    }
}
