package io.presence.client.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleAppTest {

    @Test
    void usesOnlyThePublicApi() throws Exception {
        List<String> imports = Files.readAllLines(Path.of("src/test/java/io/presence/client/example/ExampleApp.java"))
                .stream().filter(line -> line.startsWith("import ")).toList();
        assertThat(imports).isNotEmpty().allSatisfy(line -> assertThat(line)
                .matches("import (io\\.presence\\.client|io\\.presence\\.api|java\\.[a-z.]+)\\.[A-Z]\\w*;"));
    }
}
