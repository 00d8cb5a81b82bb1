package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class CatchUpSettingsTest {

    @Test
    void aCatchUpRunsTwoStreamThreadsOverTheLiveOne() {
        Properties live = new Properties();
        live.put("num.stream.threads", 1);

        assertThat(CatchUpSettings.overrides(live)).containsEntry("num.stream.threads", 2);
    }

    @Test
    void aCatchUpNeverRunsFewerStreamThreadsThanTheOperatorGaveTheLiveApplication() {
        Properties live = new Properties();
        live.put("num.stream.threads", "4");

        assertThat(CatchUpSettings.overrides(live)).containsEntry("num.stream.threads", 4);
    }
}
