package io.creditpool.adapters.http.portal;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Headless Chromium driven through Debian's chromedriver, named explicitly so that Selenium never downloads a
 * browser or a driver. Without them the tests fail when {@code CI=true} (CI installs them, see .ci/run) and are
 * skipped elsewhere, with the reason.
 */
final class Browser {
    static final String CHROMIUM = System.getProperty("creditpool.test.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("creditpool.test.chromedriver", "/usr/bin/chromedriver");

    private Browser() {
    }

    static ChromeDriver start(int width, int height) {
        return start(width, height, true);
    }

    /** A browser whose pages run their scripts, or not ({@code javascript} false: as with JavaScript turned off). */
    static ChromeDriver start(int width, int height, boolean javascript) {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        String missing = "headless Chromium needs " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver)";
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(missing);
            }
            Assumptions.abort(missing + "; skipped outside CI");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("creditpool-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--hide-scrollbars");
        if (!javascript) {
            options.setExperimentalOption("prefs", java.util.Map.of(
                    "profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        return driver;
    }
}
