package dev.tally.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.MutableClock;
import dev.tally.transactions.Receipt;
import dev.tally.transactions.SigningKey;
import dev.tally.transactions.KeyUnavailableException;
import dev.tally.transactions.KeyRing;
import dev.tally.transactions.TransactionProcessor;

/** The key source against a real Secrets Manager API ({@code moto_server}) through the real SDK client. */
class SecretsManagerKeyRingTest {
    private static final String MATERIAL = "k3y-material-that-must-never-be-logged-0123456789";
    private static final byte[] SEED = "{\"requestId\":\"r\",\"transactions\":[{\"id\":\"tx-1\",\"amount\":150.5,\"type\":\"CREDIT\"}]}"
            .getBytes(UTF_8);

    private static MotoServer moto;

    private final RequestCounter counter = new RequestCounter();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private SecretsManagerClient client;
    private String secretArn;
    private SecretsManagerKeyRing keys;

    @BeforeAll
    static void startSecretsManager() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopSecretsManager() {
        moto.close();
    }

    @BeforeEach
    void createSecret() {
        if (!moto.answersNow()) {
            moto.restart();
        }
        secretArn = moto.createSigningKeySecret("tally-" + UUID.randomUUID(), MATERIAL);
        client = moto.client(counter);
        keys = keys(secretArn);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void buildsNoClientAndFetchesNothingUntilAKeyIsNeeded() {
        assertEquals(0, clientsBuilt.get());
        assertEquals(0, counter.count("GetSecretValue"));
    }

    @Test
    void preparesItsClientWithoutFetchingAndFetchesWithThatClientLater() throws Exception {
        keys.prepare();
        keys.prepare();

        assertEquals(1, clientsBuilt.get());
        assertEquals(0, counter.count("GetSecretValue"));
        assertEquals(0, keys.fetches(), "the rehearsal of a fetch is not one");
        assertEquals(currentVersion(), keys.current().version());
        assertEquals(1, clientsBuilt.get());
        assertEquals(1, counter.count("GetSecretValue"));
    }

    @Test
    void signsAfterOneFetchOfTheCurrentKeyAlone() throws Exception {
        rotate();
        counter.reset();

        Receipt receipt = new TransactionProcessor(keys, clock).process(SEED, 0, SEED.length);

        assertEquals(currentVersion(), receipt.keyVersion());
        assertEquals(1, counter.count("GetSecretValue AWSCURRENT"));
        assertEquals(0, counter.count("GetSecretValue AWSPREVIOUS"), "a request that only signs never waits for the previous key");
    }

    @Test
    void refreshesOnceForAThousandRequestsInsideTheTtl() throws Exception {
        TransactionProcessor processor = new TransactionProcessor(keys, clock);
        String version = null;
        for (int i = 0; i < 1000; i++) {
            Receipt receipt = processor.process(SEED, 0, SEED.length);
            version = receipt.keyVersion();
            clock.advance(Duration.ofMillis(250));
        }

        assertEquals(1, counter.count("GetSecretValue"));
        assertEquals(1, clientsBuilt.get());
        assertEquals(version, currentVersion());
    }

    @Test
    void fetchesOnceWhenManyThreadsAskAtTheSameMoment() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<SigningKey>> askers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                askers.add(() -> {
                    start.await();
                    return keys.current();
                });
            }
            List<Future<SigningKey>> answers = askers.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<SigningKey> answer : answers) {
                assertEquals(currentVersion(), answer.get().version());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, counter.count("GetSecretValue"));
    }

    @Test
    void reusesTheKeyUntilTheTtlExpiresThenRefetches() throws Exception {
        SigningKey first = keys.current();
        clock.advance(CachePolicy.DEFAULT.ttl().minusSeconds(1));
        assertSame(first, keys.current());
        assertEquals(1, counter.count("GetSecretValue"));

        clock.advance(Duration.ofSeconds(1));
        SigningKey refetched = keys.current();

        assertEquals(2, counter.count("GetSecretValue"));
        assertSame(first, refetched, "an unchanged version keeps its instance");
    }

    @Test
    void servesTheCachedKeyThroughAnOutageWithoutHammering() throws Exception {
        SigningKey key = keys.current();
        moto.stop();
        clock.advance(CachePolicy.DEFAULT.ttl().plusSeconds(1));

        for (int i = 0; i < 50; i++) {
            assertSame(key, keys.current());
        }

        assertEquals(2, counter.count("GetSecretValue"), "one refetch, then the backoff holds");
        assertEquals(2, keys.fetches(), "what the function reports as SigningKeyFetches");
        assertEquals(1, keys.failedFetches(), "what the function reports as SigningKeyFetchFailures");
    }

    @Test
    void stopsServingAStaleKeyAfterTheMaxStaleness() throws Exception {
        keys.current();
        moto.stop();
        clock.advance(CachePolicy.DEFAULT.maxStaleness());

        KeyUnavailableException unavailable = assertThrows(KeyUnavailableException.class, keys::current);

        assertEquals(CachePolicy.DEFAULT.retryBackoff(), unavailable.retryAfter());
    }

    @Test
    void isUnavailableOnAColdOutageAndRecoversWhenTheServerReturns() throws Exception {
        String name = "tally-" + UUID.randomUUID();
        SecretsManagerKeyRing fresh = keys(name);
        moto.stop();

        KeyUnavailableException unavailable = assertThrows(KeyUnavailableException.class, fresh::current);
        assertTrue(unavailable.retryAfter().toSeconds() >= 1);
        assertThrows(KeyUnavailableException.class, fresh::current);
        assertEquals(1, counter.count("GetSecretValue"), "no second attempt inside the backoff");

        moto.restart();
        moto.createSigningKeySecret(name, MATERIAL);
        clock.advance(CachePolicy.DEFAULT.retryBackoff());

        assertEquals(currentVersion(name), fresh.current().version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json " + MATERIAL, "{\"signingKey\":\"tiny-key-7f3a\"}", "{\"key\":\"" + MATERIAL + "\"}",
            "{\"signingKey\":42}", "[\"" + MATERIAL + "\"]", "{\"signingKey\":\"" + MATERIAL + "\"} {\"signingKey\":1}"})
    void treatsAMalformedSecretAsUnavailableAndNeverLogsIt(String secretString) {
        String arn;
        try (SecretsManagerClient admin = moto.client()) {
            arn = admin.createSecret(r -> r.name("malformed-" + UUID.randomUUID()).secretString(secretString)).arn();
        }
        try (LogCapture logs = new LogCapture()) {
            KeyUnavailableException unavailable = assertThrows(KeyUnavailableException.class,
                    () -> keys(arn).current());

            assertTrue(unavailable.getMessage().contains("signing-key secret"), unavailable.getMessage());
            assertFalse(unavailable.getMessage().contains(MATERIAL));
            assertTrue(logs.errors().stream().anyMatch(line -> line.contains(arn)), logs.lines()::toString);
            assertTrue(logs.lines().stream().noneMatch(line -> line.contains(MATERIAL) || line.contains("tiny-key-7f3a")),
                    logs.lines()::toString);
        }
    }

    @Test
    void neverLogsKeyMaterialThroughFetchesOutagesAndRecoveries() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            keys.current();
            moto.stop();
            clock.advance(CachePolicy.DEFAULT.ttl().plusSeconds(1));
            keys.current();
            clock.advance(CachePolicy.DEFAULT.maxStaleness());
            assertThrows(KeyUnavailableException.class, keys::current);

            assertFalse(logs.lines().isEmpty(), "the outage is logged");
            assertTrue(logs.lines().stream().noneMatch(line -> line.contains(MATERIAL)), logs.lines()::toString);
        }
    }

    @Test
    void verifiesSignaturesMadeBeforeARotationAndSignsWithTheNewVersionAfterIt() throws Exception {
        TransactionProcessor processor = new TransactionProcessor(keys, clock);
        Receipt before = processor.process(SEED, 0, SEED.length);
        String token = rotate();

        clock.advance(CachePolicy.DEFAULT.ttl());
        Receipt after = processor.process(SEED, 0, SEED.length);

        assertEquals(token, after.keyVersion());
        assertNotEquals(before.signature(), after.signature());
        assertTrue(verify(processor, before), "AWSPREVIOUS verifies, with no restart");
        assertTrue(verify(processor, after));
    }

    @Test
    void signsWithWholeKeysWhileRotationsLandUnderConcurrentRequests() throws Exception {
        TransactionProcessor processor = new TransactionProcessor(keys, clock);
        AtomicBoolean rotating = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<Receipt>>> signers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                signers.add(pool.submit(() -> {
                    List<Receipt> receipts = new ArrayList<>();
                    while (rotating.get()) {
                        receipts.add(processor.process(SEED, 0, SEED.length));
                    }
                    return receipts;
                }));
            }
            for (int rotation = 0; rotation < 4; rotation++) {
                rotate();
                clock.advance(CachePolicy.DEFAULT.ttl());
                Thread.sleep(50);
            }
        } finally {
            rotating.set(false);
            pool.shutdown();
        }

        Map<String, TransactionProcessor> byVersion = new HashMap<>();
        Set<String> versionsSeen = new HashSet<>();
        AtomicInteger receipts = new AtomicInteger();
        for (Future<List<Receipt>> signer : signers) {
            for (Receipt receipt : signer.get()) {
                receipts.incrementAndGet();
                versionsSeen.add(receipt.keyVersion());
                TransactionProcessor ofItsVersion = byVersion.computeIfAbsent(receipt.keyVersion(), this::processorOfVersion);
                assertTrue(verify(ofItsVersion, receipt), "a receipt signed with the material of the version it names");
            }
        }
        assertTrue(versionsSeen.size() >= 3, () -> "signed across rotations: " + versionsSeen);
        assertTrue(receipts.get() > 100, () -> receipts + " receipts");
    }

    /** A processor holding only the key of {@code version}, as Secrets Manager stores it. */
    private TransactionProcessor processorOfVersion(String version) {
        try (SecretsManagerClient admin = moto.client()) {
            String secret = admin.getSecretValue(r -> r.secretId(secretArn).versionId(version)).secretString();
            return new TransactionProcessor(KeyRing.of(SecretFormat.parse(secret, version)), clock);
        } catch (SecretFormat.MalformedSecretException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void verifiesNoVersionOlderThanThePreviousOne() throws Exception {
        TransactionProcessor processor = new TransactionProcessor(keys, clock);
        Receipt first = processor.process(SEED, 0, SEED.length);
        for (int i = 0; i < 3; i++) {
            rotate();
        }
        clock.advance(CachePolicy.DEFAULT.ttl());

        assertFalse(verify(processor, first), "Secrets Manager still holds it, but it is neither current nor previous");
    }

    @Test
    void fetchesThePreviousKeyAtMostOnceATtlWhateverVersionsVerificationsName() throws Exception {
        TransactionProcessor processor = new TransactionProcessor(keys, clock);
        Receipt receipt = processor.process(SEED, 0, SEED.length);
        counter.reset();

        for (int i = 0; i < 1000; i++) {
            Receipt named = new Receipt(receipt.requestId(), receipt.transactionCount(), receipt.creditCount(),
                    receipt.totalCredit(), receipt.digest(), receipt.signature(), UUID.randomUUID().toString(),
                    receipt.processedAt());
            assertFalse(verify(processor, named));
            clock.advance(Duration.ofMillis(100));
        }

        assertEquals(1, counter.count("GetSecretValue"), "the secret has no previous version: that too is kept a TTL");
        assertEquals(1, counter.count("GetSecretValue AWSPREVIOUS"), "a stage, never a version a client named");
    }

    @Test
    void keepsSigningWhileEveryFetchOfThePreviousKeyFails() throws Exception {
        rotate();
        SecretsManagerKeyRing failingPrevious = new SecretsManagerKeyRing(
                () -> moto.client(counter, new FailingStage("AWSPREVIOUS")), secretArn, clock, CachePolicy.DEFAULT);
        TransactionProcessor processor = new TransactionProcessor(failingPrevious, clock);

        for (int i = 0; i < 3; i++) {
            Receipt receipt = processor.process(SEED, 0, SEED.length);
            assertEquals(currentVersion(), receipt.keyVersion());
            assertTrue(verify(processor, receipt), "the current key verifies");
            Receipt previous = new Receipt(receipt.requestId(), receipt.transactionCount(), receipt.creditCount(),
                    receipt.totalCredit(), receipt.digest(), receipt.signature(), "some-older-version", receipt.processedAt());
            assertThrows(KeyUnavailableException.class, () -> verify(processor, previous),
                    "which key was previous is unknown: retry, not valid:false");
            assertThrows(KeyUnavailableException.class, () -> verify(processor, previous));
            clock.advance(CachePolicy.DEFAULT.ttl());
        }
        assertEquals(3, failingPrevious.failedFetches(), "no second attempt inside the backoff");
    }

    /** Runs every step of a rotation of the secret, as Secrets Manager drives the rotator; the new version. */
    private String rotate() throws Exception {
        String token = UUID.randomUUID().toString();
        moto.startRotation(secretArn, token);
        KeyRotationProtocol rotation = new KeyRotationProtocol(client);
        for (KeyRotationProtocol.Step step : KeyRotationProtocol.Step.values()) {
            rotation.run(step, secretArn, token);
        }
        return token;
    }

    private static boolean verify(TransactionProcessor processor, Receipt receipt) throws Exception {
        byte[] request = withSignature(receipt);
        return processor.verify(request, 0, request.length).valid();
    }

    private static byte[] withSignature(Receipt receipt) {
        String seed = new String(SEED, UTF_8);
        return (seed.substring(0, seed.length() - 1) + ",\"signature\":\"" + receipt.signature() + "\",\"keyVersion\":\""
                + receipt.keyVersion() + "\",\"processedAt\":\"" + receipt.processedAt() + "\"}").getBytes(UTF_8);
    }

    private SecretsManagerKeyRing keys(String secretId) {
        return new SecretsManagerKeyRing(() -> {
            clientsBuilt.incrementAndGet();
            return client;
        }, secretId, clock, CachePolicy.DEFAULT);
    }

    private String currentVersion() {
        return currentVersion(secretArn);
    }

    private String currentVersion(String secretId) {
        try (SecretsManagerClient admin = moto.client()) {
            return admin.getSecretValue(r -> r.secretId(secretId).versionStage("AWSCURRENT")).versionId();
        }
    }
}
