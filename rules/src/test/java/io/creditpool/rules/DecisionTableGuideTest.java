package io.creditpool.rules;

import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.PolicyVerdict;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Decision tables in a rules folder (rules/ANALYSTS.md, "Decision tables"): the guide's table, taken from the guide
 * itself, as a CSV file and as a spreadsheet, compiles with the shipped DRL files and decides; a new row decides too;
 * the rule set's version covers the table.
 */
class DecisionTableGuideTest {
    @TempDir
    Path folder;

    private static List<String> csvBlocks() throws IOException {
        String guide = Files.readString(Path.of("ANALYSTS.md"));
        int start = guide.indexOf("## Decision tables");
        String section = guide.substring(start, guide.indexOf("\n## ", start + 5));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```csv\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).hasSize(2);
        return blocks;
    }

    private void shippedDrlInto(Path dir) throws IOException {
        RuleSource shipped = RuleSource.shipped();
        for (String name : shipped.files().keySet()) {
            Files.write(dir.resolve(name), shipped.bytes(name));
        }
        Files.writeString(dir.resolve("plans.csv"), "name,tier,monthly-credits-per-seat,price-per-credit,currency\n"
                + "team,standard,1000,2,USD\n");
    }

    private static PolicyVerdict consume(RuleBase rules, Tier tier, long credits) {
        return new DroolsCreditPolicy(rules).consumption(new ConsumptionFacts(tier, credits, 1_000_000, 0,
                MemberLimit.UNLIMITED, AutoTopUp.OFF, 1_000_000)).verdict();
    }

    @Test
    void theGuidesCsvTableDecidesBesideTheDrlFiles() throws IOException {
        shippedDrlInto(folder);
        Files.writeString(folder.resolve("largest-consumption.csv"), csvBlocks().get(0));
        RuleSource source = RuleSource.folder(folder);
        assertThat(source.files()).containsKey("largest-consumption.csv").doesNotContainKey("plans.csv");
        RuleBase rules = RuleBase.build(source);
        assertThat(rules.ruleNames()).contains("A standard consumption may take at most 1000 credits",
                "An enterprise consumption may take at most 5000 credits");

        PolicyVerdict over = consume(rules, Tier.STANDARD, 1001);
        assertThat(over.denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(over.rules()).contains("A standard consumption may take at most 1000 credits");
        assertThat(consume(rules, Tier.STANDARD, 1000).accepted()).isTrue();
        assertThat(consume(rules, Tier.ENTERPRISE, 1001).accepted()).isTrue();
        assertThat(consume(rules, Tier.ENTERPRISE, 5001).denial()).isEqualTo(DenialCode.NOT_ALLOWED);
    }

    @Test
    void aRowAddedAsTheGuideShowsDecidesForItsTier() throws IOException {
        shippedDrlInto(folder);
        List<String> blocks = csvBlocks();
        Files.writeString(folder.resolve("largest-consumption.csv"), blocks.get(0) + blocks.get(1));
        RuleSource source = RuleSource.folder(folder);
        RuleBase rules = RuleBase.build(source);
        Tier business = Tier.parse("tier", "business");
        assertThat(consume(rules, business, 3001).rules())
                .contains("A business consumption may take at most 3000 credits");
        assertThat(consume(rules, business, 3000).accepted()).isTrue();
        // the table is part of the rule set: another row, another version
        Files.writeString(folder.resolve("largest-consumption.csv"), blocks.get(0));
        PlanTable plans = PlanTable.file(folder.resolve("plans.csv"));
        assertThat(RuleSet.version(RuleSource.folder(folder), plans)).isNotEqualTo(RuleSet.version(source, plans));
    }

    /** Writes {@code csv} as the only sheet, {@code sheetName}, of spreadsheet {@code file}. */
    private static void spreadsheet(Path file, String sheetName, String csv) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = book.createSheet(sheetName);
            String[] lines = csv.split("\n");
            for (int r = 0; r < lines.length; r++) {
                Row row = sheet.createRow(r);
                List<String> cells = csvCells(lines[r]);
                for (int c = 0; c < cells.size(); c++) {
                    if (!cells.get(c).isEmpty()) {
                        row.createCell(c).setCellValue(cells.get(c));
                    }
                }
            }
            book.write(out);
        }
    }

    @Test
    void theSameTableAsASpreadsheetDecidesTheSame() throws IOException {
        shippedDrlInto(folder);
        spreadsheet(folder.resolve("largest-consumption.xlsx"), "Largest consumption", csvBlocks().get(0));
        RuleSource source = RuleSource.folder(folder);
        assertThat(source.files()).containsKey("largest-consumption.xlsx");
        RuleBase rules = RuleBase.build(source);
        assertThat(consume(rules, Tier.STANDARD, 1001).denial()).isEqualTo(DenialCode.NOT_ALLOWED);
        assertThat(consume(rules, Tier.STANDARD, 1000).accepted()).isTrue();
    }

    @Test
    void aTableThatDoesNotCompileIsRefusedNamingItsFile() throws IOException {
        shippedDrlInto(folder);
        Files.writeString(folder.resolve("largest-consumption.csv"),
                csvBlocks().get(0).replace("credits > $param", "credts > $param"));
        assertThatThrownBy(() -> RuleBase.build(RuleSource.folder(folder))).isInstanceOf(RuleBuildException.class)
                .satisfies(e -> assertThat(((RuleBuildException) e).problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("largest-consumption.csv:D9: Consumption has no field `credts`; did you mean "
                                + "`credits`?")));
    }

    @Test
    void aSpreadsheetThatDoesNotCompileIsRefusedNamingItsFileSheetAndRow() throws IOException {
        shippedDrlInto(folder);
        spreadsheet(folder.resolve("largest-consumption.xlsx"), "Caps per tier",
                csvBlocks().get(0).replace("credits > $param", "credts > $param"));
        assertThatThrownBy(() -> RuleBase.build(RuleSource.folder(folder))).isInstanceOf(RuleBuildException.class)
                .satisfies(e -> assertThat(((RuleBuildException) e).problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("largest-consumption.xlsx:Caps per tier:9: Consumption has no field `credts`; "
                                + "did you mean `credits`? (in the condition `credts > $param` of column D)")));
        // rules check tells it at the same place
        RuleSetCheck.Report report = RuleSetCheck.check(RuleSource.folder(folder),
                () -> PlanTable.file(folder.resolve("plans.csv")));
        assertThat(report.errors()).anySatisfy(f -> {
            assertThat(f.where()).isEqualTo("largest-consumption.xlsx:Caps per tier:9");
            assertThat(f.message()).startsWith("Consumption has no field `credts`");
        });
    }

    @Test
    void aSpreadsheetDroolsCannotReadIsRefusedNamingItsFileSheetAndRow() throws IOException {
        shippedDrlInto(folder);
        spreadsheet(folder.resolve("largest-consumption.xlsx"), "Caps per tier", csvBlocks().get(0)
                .replace(",,Consumption,Consumption,", ",,Consumption,credits > $param,"));
        assertThatThrownBy(() -> RuleBase.build(RuleSource.folder(folder))).isInstanceOf(RuleBuildException.class)
                .satisfies(e -> assertThat(((RuleBuildException) e).problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("largest-consumption.xlsx:Caps per tier:6: ").endsWith("(cell D6)")));
    }

    @Test
    void aTableDroolsCannotReadIsRefusedNamingItsFileAndCell() throws IOException {
        shippedDrlInto(folder);
        // a template where the fact belongs
        Files.writeString(folder.resolve("largest-consumption.csv"),
                csvBlocks().get(0).replace(",,Consumption,Consumption,", ",,Consumption,credits > $param,"));
        assertThatThrownBy(() -> RuleBase.build(RuleSource.folder(folder))).isInstanceOf(RuleBuildException.class)
                .satisfies(e -> assertThat(((RuleBuildException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("largest-consumption.csv:D6: ")));
    }

    /** The cells of one CSV line ("" quotes a quote inside a quoted cell). */
    private static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
