package dev.loyalty.app.config;

/** A raw setting value and where it came from, so an error can name the flag, variable or file line to fix. */
public record SettingValue(String raw, String origin) {

    public BadConfigurationException invalid(String expectation) {
        return new BadConfigurationException(origin + ": " + expectation + ", got '" + raw + "'");
    }
}
