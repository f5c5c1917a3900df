package dev.tally.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/** A steady arrival rate: {@code -Dtally.rate} requests a second (10) for {@code -Dtally.seconds} (60). */
public class SteadyRateSimulation extends Simulation {
    {
        int rate = Integer.getInteger("tally.rate", 10);
        int seconds = Integer.getInteger("tally.seconds", 60);
        setUp(scenario("steady").exec(Target.processBatch())
                .injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds))))
                .protocols(Target.protocol())
                .assertions(Target.failuresWithinLimit());
    }

    @Override
    public void before() {
        Target.preflight();
    }
}
