package dev.loyalty.app.config;

import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramException;
import dev.loyalty.core.program.ProgramLoader;
import dev.loyalty.core.topic.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where settings come from besides flags: {@code LOYALTY_*} environment variables, then an optional
 * properties file. Kafka client security settings ({@code security.protocol}, {@code ssl.*},
 * {@code sasl.*}) pass through from the file and from {@code LOYALTY_KAFKA_<NAME>} variables to every
 * Kafka client the system creates.
 */
public final class ConfigSources {

    public static final String CONFIG_ENV_VAR = "LOYALTY_CONFIG";
    private static final String CLIENT_ENV_PREFIX = "LOYALTY_KAFKA_";

    private final Map<String, String> env;
    private final Properties file;
    private final String fileName;

    private ConfigSources(Map<String, String> env, Properties file, String fileName) {
        this.env = env;
        this.file = file;
        this.fileName = fileName;
    }

    /** Reads the properties file named by {@code configFlag}, else by {@code LOYALTY_CONFIG}, if any. */
    public static ConfigSources load(Path configFlag, Map<String, String> env) {
        Optional<Path> configFile = Optional.ofNullable(configFlag)
                .or(() -> Optional.ofNullable(env.get(CONFIG_ENV_VAR)).filter(v -> !v.isBlank()).map(Path::of));
        if (configFile.isEmpty()) {
            return new ConfigSources(env, new Properties(), null);
        }
        Path path = configFile.get();
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new BadConfigurationException("configuration file " + path + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new BadConfigurationException("cannot read configuration file " + path + ": " + e.getMessage());
        }
        for (String key : props.stringPropertyNames()) {
            if (Setting.forKey(key) == null && !isClientSecurityKey(key)) {
                throw new BadConfigurationException("unknown setting '" + key + "' in " + path + "; known settings: "
                        + Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", "))
                        + ", and Kafka client security.protocol, ssl.*, sasl.*");
            }
        }
        return new ConfigSources(env, props, path.toString());
    }

    /** The flag value if given, else the environment variable, else the file, else empty. */
    public Optional<SettingValue> lookup(Setting setting, Object flagValue) {
        if (flagValue != null) {
            return Optional.of(new SettingValue(flagValue.toString(), setting.flag()));
        }
        String fromEnv = env.get(setting.envVar());
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new SettingValue(fromEnv.trim(), setting.envVar()));
        }
        String fromFile = file.getProperty(setting.key());
        if (fromFile != null && !fromFile.isBlank()) {
            return Optional.of(new SettingValue(fromFile.trim(), setting.key() + " in " + fileName));
        }
        return Optional.empty();
    }

    /** The topic names under the configured prefix, {@code loyalty.} by default. */
    public Topics topics(String prefixFlag) {
        return lookup(Setting.TOPIC_PREFIX, prefixFlag).map(v -> new Topics(Values.topicPrefix(v))).orElse(Topics.defaults());
    }

    /** The program rules from the configured file, the built-in program when none is configured. */
    public Program program(Path programFlag) {
        return lookup(Setting.PROGRAM, programFlag).map(ConfigSources::loadProgram).orElse(Program.defaults());
    }

    /** The Kafka principals file, when one is configured. */
    public Optional<KafkaPrincipals> principals(Path principalsFlag) {
        return lookup(Setting.KAFKA_PRINCIPALS, principalsFlag).map(v -> KafkaPrincipals.load(Path.of(Values.nonBlank(v))));
    }

    /** Kafka client security settings, the environment overriding the file. */
    public Map<String, String> clientSecurity() {
        Map<String, String> settings = new TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            if (isClientSecurityKey(key)) {
                settings.put(key, file.getProperty(key).trim());
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith(CLIENT_ENV_PREFIX)) {
                String key = name.substring(CLIENT_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (isClientSecurityKey(key)) {
                    settings.put(key, value);
                }
            }
        });
        return settings;
    }

    /** The ledger keys from the configured key file, none when no file is configured. */
    public LedgerKeys ledgerKeys(Path keyFileFlag) {
        return lookup(Setting.LEDGER_KEY_FILE, keyFileFlag).map(ConfigSources::loadLedgerKeys).orElse(LedgerKeys.NONE);
    }

    private static LedgerKeys loadLedgerKeys(SettingValue v) {
        Path file = Path.of(Values.nonBlank(v));
        try {
            return LedgerKeys.parse(Files.readString(file));
        } catch (IOException e) {
            throw new BadConfigurationException(v.origin() + ": cannot read ledger key file " + file + ": " + e);
        } catch (IllegalArgumentException e) {
            throw new BadConfigurationException(v.origin() + ": ledger key file " + file + ": " + e.getMessage());
        }
    }

    private static Program loadProgram(SettingValue v) {
        try {
            return ProgramLoader.load(Path.of(Values.nonBlank(v)));
        } catch (ProgramException e) {
            throw new BadConfigurationException(v.origin() + ": " + e.getMessage());
        }
    }

    private static boolean isClientSecurityKey(String key) {
        return key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl.");
    }
}
