package io.github.gsi4j.quarkus.runtime.devui;

import java.util.List;

import jakarta.inject.Inject;

/** The Dev UI card's backend: the last GSI requests' statistics. */
public class GsiJsonRpcService {

    @Inject
    GsiRecentRequests recent;

    /** The last requests, newest first. */
    public List<GsiRecentRequests.Summary> getRecentRequests() {
        return recent.list();
    }
}
