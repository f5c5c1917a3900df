package dev.tally.processor;

import java.util.Map;

import dev.tally.keys.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real Secrets Manager API (moto_server) holding the signing-key secret, for the function to use. */
public class SigningKeySecretResource implements QuarkusTestResourceLifecycleManager {
    static final String SECRET_NAME = "tally/signing-key";
    static final String MATERIAL = "quarkus-test-signing-key-material-0123456789";
    /** Short, so the test can wait a backoff out. */
    static final String RETRY_BACKOFF = "1s";

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
