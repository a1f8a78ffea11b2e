package io.creditpool.rules;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start on unchanged rules compiles nothing: the shipped rules come compiled with the build, any other set is
 * compiled once and then read from the cache by the hash of its files; an edited set, a damaged cache entry or a
 * set that does not compile is never served from it.
 */
class CompiledRulesTest {
    @TempDir
    Path cache;

    @AfterEach
    void forgetTheCache() {
        System.clearProperty(CompiledRules.PROPERTY);
    }

    private RuleSource analystsRules(String mark) {
        Map<String, String> files = new LinkedHashMap<>(RuleSource.shipped().files());
        String first = files.keySet().iterator().next();
        files.put(first, files.get(first) + "\n// " + mark + "\n");
        return new RuleSource("an analyst's folder", files);
    }

    @Test
    void theShippedRulesComeCompiledWithTheBuild() {
        System.setProperty(CompiledRules.PROPERTY, "off");
        RuleSource shipped = RuleSource.shipped();
        assertThat(getClass().getClassLoader().getResource(CompiledRules.SHIPPED_FOLDER
                + CompiledRules.hash(shipped) + ".kjar")).as("compiled by the build").isNotNull();
        long before = RuleBase.compilations();

        RuleBase rules = RuleBase.build(shipped);

        assertThat(RuleBase.compilations()).isEqualTo(before);
        assertThat(rules.source()).isEqualTo(shipped);
    }

    @Test
    void aRuleSetIsCompiledOnceThenReadFromTheCacheByItsHash() throws Exception {
        System.setProperty(CompiledRules.PROPERTY, cache.toString());
        RuleSource mine = analystsRules("first");
        long before = RuleBase.compilations();

        RuleBase.build(mine);
        Path entry = cache.resolve(CompiledRules.hash(mine) + ".kjar");
        assertThat(entry).exists();
        assertThat(RuleBase.compilations()).isEqualTo(before + 1);

        RuleBase again = RuleBase.build(analystsRules("first"));
        assertThat(RuleBase.compilations()).as("the same files: read from the cache").isEqualTo(before + 1);
        assertThat(again.source()).isEqualTo(mine);

        RuleBase.build(analystsRules("second"));
        assertThat(RuleBase.compilations()).as("an edited file: compiled afresh").isEqualTo(before + 2);
    }

    @Test
    void aDamagedCacheEntryIsCompiledAgainAndReplaced() throws Exception {
        System.setProperty(CompiledRules.PROPERTY, cache.toString());
        RuleSource mine = analystsRules("damaged");
        Files.createDirectories(cache);
        Path entry = cache.resolve(CompiledRules.hash(mine) + ".kjar");
        Files.writeString(entry, "not a compiled rule set");
        long before = RuleBase.compilations();

        RuleBase.build(mine);

        assertThat(RuleBase.compilations()).isEqualTo(before + 1);
        assertThat(Files.readString(entry, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isNotEqualTo("not a compiled rule set");
    }

    @Test
    void aSetThatDoesNotCompileLeavesNothingInTheCache() throws Exception {
        System.setProperty(CompiledRules.PROPERTY, cache.toString());
        Map<String, String> files = new LinkedHashMap<>(RuleSource.shipped().files());
        files.put("broken.drl", "package io.creditpool.rules;\nrule \"half a rule\"\nwhen\n");
        RuleSource broken = new RuleSource("a broken folder", files);

        assertThatThrownBy(() -> RuleBase.build(broken)).isInstanceOf(RuleBuildException.class);
        assertThat(cache.resolve(CompiledRules.hash(broken) + ".kjar")).doesNotExist();
    }
}
