package dev.tally.processor;

import io.quarkus.test.junit.QuarkusTest;

/** The function in process, each event through Quarkus' mock Lambda runtime API, with the built-in key. */
@QuarkusTest
class ProcessTransactionsHandlerTest extends ProcessTransactionsContract {

    @Override
    String expectedKeyVersion() {
        return DevelopmentKey.VERSION;
    }
}
