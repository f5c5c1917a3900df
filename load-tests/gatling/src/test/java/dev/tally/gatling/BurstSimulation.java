package dev.tally.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;

/**
 * Bursts of {@code -Dtally.burst} requests at once (20), {@code -Dtally.bursts} times (3), 10 s apart:
 * on AWS, each burst beyond the warm environments forces that many cold starts at the same moment.
 */
public class BurstSimulation extends Simulation {
    {
        int burst = Integer.getInteger("tally.burst", 20);
        int bursts = Integer.getInteger("tally.bursts", 3);
        List<OpenInjectionStep> injection = new ArrayList<>();
        for (int i = 0; i < bursts; i++) {
            injection.add(atOnceUsers(burst));
            injection.add(nothingFor(Duration.ofSeconds(10)));
        }
        setUp(scenario("burst").exec(Target.processBatch()).injectOpen(injection))
                .protocols(Target.protocol())
                .assertions(Target.failuresWithinLimit());
    }

    @Override
    public void before() {
        Target.preflight();
    }
}
