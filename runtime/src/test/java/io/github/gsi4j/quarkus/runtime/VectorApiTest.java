package io.github.gsi4j.quarkus.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The Vector API check, in child JVMs started with and without {@code --add-modules jdk.incubator.vector}. */
class VectorApiTest {

    /** Runs the check and exits 0 when it passes, 3 (its message on stderr) when it refuses. */
    public static final class Main {
        public static void main(String[] args) {
            try {
                VectorApi.require();
            } catch (IllegalStateException e) {
                System.err.print(e.getMessage());
                System.exit(3);
            }
        }
    }

    @Test
    void refusesAJvmWithoutTheModuleAndSaysWhereTheFlagGoes() throws Exception {
        Result r = run(false);
        assertThat(r.exit()).as(r.stderr()).isEqualTo(3);
        assertThat(r.stderr()).contains("--add-modules jdk.incubator.vector").contains("quarkus-maven-plugin")
                .contains("argLine").contains("JAVA_OPTS_APPEND");
    }

    @Test
    void acceptsAJvmWithTheModule() throws Exception {
        Result r = run(true);
        assertThat(r.exit()).as(r.stderr()).isZero();
    }

    private record Result(int exit, String stderr) {
    }

    private static Result run(boolean withModule) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        if (withModule) {
            cmd.add("--add-modules");
            cmd.add(VectorApi.MODULE);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), err);
    }
}
