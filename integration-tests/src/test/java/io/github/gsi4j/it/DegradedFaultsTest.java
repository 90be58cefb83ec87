package io.github.gsi4j.it;

import java.util.List;

import io.github.gsi4j.it.FaultyVllmBase.Fault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The fault tests with {@code base.on-failure=degrade}: every answer that went on without the base says so. */
@QuarkusTest
@TestProfile(FaultyVllmProfile.Degrading.class)
class DegradedFaultsTest extends FaultsTestBase {

    @Override
    boolean degrades() {
        return true;
    }

    /** A value fault, a garbled answer, a hang, a dropped connection and a refusal (the full set runs in fail mode). */
    @Override
    List<Fault> faults() {
        return List.of(Fault.POSITIVE_LOGPROB, Fault.TRUNCATED_JSON, Fault.HANG, Fault.DROP_CONNECTION,
                Fault.CONTEXT_LENGTH_400);
    }
}
