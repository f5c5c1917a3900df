package dev.tally.gatling;

import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/**
 * A ramp from 1 to {@code -Dtally.rate} requests a second (50) over {@code -Dtally.seconds} (120):
 * on AWS, new execution environments start (cold starts) as concurrency climbs.
 */
public class RampSimulation extends Simulation {
    {
        int rate = Integer.getInteger("tally.rate", 50);
        int seconds = Integer.getInteger("tally.seconds", 120);
        setUp(scenario("ramp").exec(Target.processBatch())
                .injectOpen(rampUsersPerSec(1).to(rate).during(Duration.ofSeconds(seconds))))
                .protocols(Target.protocol())
                .assertions(Target.failuresWithinLimit());
    }

    @Override
    public void before() {
        Target.preflight();
    }
}
