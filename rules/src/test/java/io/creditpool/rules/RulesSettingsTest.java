package io.creditpool.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theSystemPropertyWinsOverTheEnvironment() throws IOException {
        Path mine = Files.createDirectory(dir.resolve("mine"));
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        assertThat(RulesSettings.configured(Map.of(RulesSettings.PROPERTY, mine.toString()),
                Map.of(RulesSettings.VARIABLE, theirs.toString()))).contains(mine);
        assertThat(RulesSettings.configured(Map.of(), Map.of(RulesSettings.VARIABLE, theirs.toString())))
                .contains(theirs);
    }

    @Test
    void nothingSetOrBlankMeansTheShippedRules() {
        assertThat(RulesSettings.configured(Map.of(), Map.of())).isEmpty();
        assertThat(RulesSettings.configured(Map.of(), Map.of(RulesSettings.VARIABLE, " "))).isEmpty();
    }

    @Test
    void aFolderThatDoesNotExistNamesTheSetting() {
        assertThatThrownBy(() -> RulesSettings.configured(Map.of(), Map.of(RulesSettings.VARIABLE,
                dir.resolve("nope").toString()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("creditpool.rules / CREDITPOOL_RULES").hasMessageContaining("does not exist");
    }
}
