package dev.tally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.tally.transactions.Receipt;
import dev.tally.transactions.RequestRefusedException;
import dev.tally.transactions.SigningKey;
import dev.tally.transactions.KeyUnavailableException;
import dev.tally.transactions.KeyRing;
import dev.tally.transactions.TransactionProcessor;

/**
 * The whole workload on one request body, warm: parse, validate, sum, digest, sign. The same payload
 * files feed the Go twin's {@code BenchmarkProcess}, which does the same work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProcessBatchBenchmark {
    @Param({"3", "1000", "10000", "100000"})
    int size;

    private byte[] body;
    private TransactionProcessor processor;

    @Setup
    public void load() throws IOException {
        body = Files.readAllBytes(Path.of(System.getProperty("tally.payloads", "target/payloads"), "batch-" + size + ".json"));
        SigningKey key = new SigningKey("benchmark-signing-key-0123456789ab".getBytes(), "bench");
        processor = new TransactionProcessor(KeyRing.of(key), Clock.systemUTC());
    }

    @Benchmark
    public Receipt process() throws RequestRefusedException, KeyUnavailableException {
        return processor.process(body, 0, body.length);
    }
}
