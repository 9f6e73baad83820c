package io.syncid.testkit;

/** The configuration keys through which services learn where the servers are. */
public final class ConfigKeys {

    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    public static final String AWS_REGION = "syncid.aws.region";
    public static final String AWS_ACCESS_KEY_ID = "syncid.aws.access-key-id";
    public static final String AWS_SECRET_ACCESS_KEY = "syncid.aws.secret-access-key";
    public static final String DYNAMODB_ENDPOINT = "syncid.dynamodb.endpoint";
    public static final String S3_ENDPOINT = "syncid.s3.endpoint";
    public static final String S3_BUCKET = "syncid.s3.bucket";
    public static final String S3_PATH_STYLE = "syncid.s3.path-style";
    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String JDBC_USERNAME = "quarkus.datasource.username";
    public static final String JDBC_PASSWORD = "quarkus.datasource.password";

    private ConfigKeys() {
    }
}
