package dev.tally.keys;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Secrets Manager API (moto_server) holding the signing-key secret, for a Quarkus function under
 * test: it sets the function's secret ID and endpoint, and injects the server into the test's
 * {@link MotoServer} field so the test can stop and restart it.
 */
public class SigningKeySecretResource implements QuarkusTestResourceLifecycleManager {
    public static final String SECRET_NAME = "tally/signing-key";
    public static final String MATERIAL = "quarkus-test-signing-key-material-0123456789";
    /** Short, so the test can wait a backoff out. */
    public static final String RETRY_BACKOFF = "1s";

    private MotoServer moto;

    @Override
    public Map<String, String> start() {
        moto = MotoServer.start();
        moto.createSigningKeySecret(SECRET_NAME, MATERIAL);
        return Map.of(
                "tally.signing-key.secret-id", SECRET_NAME,
                "tally.signing-key.endpoint", moto.endpoint().toString(),
                "tally.signing-key.retry-backoff", RETRY_BACKOFF);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(moto, new TestInjector.MatchesType(MotoServer.class));
    }

    @Override
    public void stop() {
        if (moto != null) {
            moto.close();
        }
    }
}
