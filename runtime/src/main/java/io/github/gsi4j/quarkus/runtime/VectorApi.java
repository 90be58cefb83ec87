package io.github.gsi4j.quarkus.runtime;

/**
 * Jlama computes with the incubating Vector API, which a JVM resolves only when started with
 * {@code --add-modules jdk.incubator.vector}. Without it Jlama fails with a {@code NoClassDefFoundError}
 * deep inside its loader; this check says instead where the flag goes.
 */
final class VectorApi {

    static final String MODULE = "jdk.incubator.vector";

    static final String MISSING = "GSI's Jlama models need the Vector API, which this JVM was started without. "
            + "Start it with --add-modules " + MODULE + ": in dev mode add <modules><module>" + MODULE
            + "</module></modules> to the quarkus-maven-plugin configuration (or run mvn quarkus:dev -Dadd-modules="
            + MODULE + "); in tests add it to the maven-surefire-plugin argLine; in production set JAVA_OPTS_APPEND=\""
            + "--add-modules " + MODULE + "\" or pass it to java -jar";

    private VectorApi() {
    }

    /** @throws IllegalStateException saying where the flag goes, when the module is not resolved */
    static void require() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            throw new IllegalStateException(MISSING);
        }
    }
}
