package dev.loyalty.app.config;

import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramException;
import dev.loyalty.core.program.ProgramLoader;
import dev.loyalty.core.topic.Topics;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where settings come from besides flags: {@code LOYALTY_*} environment variables, then an optional
 * properties file. Kafka's own settings pass through under a prefix ({@link KafkaPassThrough}): in the
 * file {@code kafka.<name>} for every Kafka client and {@code streams.<name>} for Kafka Streams, in the
 * environment {@code LOYALTY_KAFKA_<NAME>} and {@code LOYALTY_STREAMS_<NAME>}. Client security settings
 * ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}) are taken without the prefix too.
 */
public final class ConfigSources {

    public static final String CONFIG_ENV_VAR = "LOYALTY_CONFIG";
    /** JVM options, read by the launcher script and the container image, not by the application. */
    public static final String JAVA_OPTS_ENV_VAR = "LOYALTY_JAVA_OPTS";
    private static final String ENV_PREFIX = "LOYALTY_";
    /** Addresses that mean "every interface" to a server; a client reaches such a server on this machine. */
    private static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "::", "[::]");

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
            checkFileKey(key, path);
        }
        return new ConfigSources(env, props, path.toString());
    }

    /**
     * One line for each {@code LOYALTY_*} variable that is not a setting, so a misspelt name does not
     * go unnoticed.
     */
    public static List<String> variableWarnings(Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith(ENV_PREFIX) || Setting.forEnvVar(name) != null || name.equals(CONFIG_ENV_VAR)
                    || name.equals(JAVA_OPTS_ENV_VAR)) {
                continue;
            }
            Optional<KafkaPassThrough> passThrough = Arrays.stream(KafkaPassThrough.values())
                    .filter(p -> name.startsWith(p.envPrefix())).findFirst();
            if (passThrough.isPresent()) {
                String setting = name.substring(passThrough.get().envPrefix().length()).toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                passThrough.get().problem(setting).ifPresent(problem -> warnings.add("ignoring " + name + ": "
                        + setting + " is " + problem));
            } else {
                warnings.add("ignoring " + name + ": not a setting (docs/configuration.md lists them)");
            }
        }
        return warnings;
    }

    private static void checkFileKey(String key, Path path) {
        if (Setting.forKey(key) != null || isClientSecurityKey(key)) {
            return;
        }
        for (KafkaPassThrough passThrough : KafkaPassThrough.values()) {
            Optional<String> setting = passThrough.fromFileKey(key);
            if (setting.isPresent()) {
                passThrough.problem(setting.get()).ifPresent(problem -> {
                    throw new BadConfigurationException(key + " in " + path + ": " + setting.get() + " is " + problem);
                });
                return;
            }
        }
        throw new BadConfigurationException("unknown setting '" + key + "' in " + path + "; known settings: "
                + Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", "))
                + ", Kafka client settings as kafka.<name> (security.protocol, ssl.*, sasl.* also without it)"
                + " and Kafka Streams settings as streams.<name>");
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

    /**
     * Settings every Kafka client starts from: security and whatever else is passed through as
     * {@code kafka.<name>}, the environment overriding the file. A client's own needs (acks, isolation)
     * are set over them.
     */
    public Map<String, String> clientSecurity() {
        Map<String, String> settings = passedThrough(KafkaPassThrough.CLIENTS);
        for (String key : file.stringPropertyNames()) {
            if (isClientSecurityKey(key)) {
                settings.putIfAbsent(key, file.getProperty(key).trim());
            }
        }
        return settings;
    }

    /** Kafka Streams settings passed through as {@code streams.<name>}, the environment overriding the file. */
    public Map<String, String> streamsConfig() {
        return passedThrough(KafkaPassThrough.STREAMS);
    }

    /**
     * Where the client verbs find the running system's HTTP API: {@code flag} if given, else where
     * {@code run} listens with the same settings (http.host, http.port, https with a keystore).
     */
    public URI httpUrl(URI flag) {
        if (flag != null) {
            return flag;
        }
        Optional<SettingValue> portValue = lookup(Setting.HTTP_PORT, null);
        int port = portValue.map(v -> Values.port(v, true)).orElse(RunSettings.DEFAULT_HTTP_PORT);
        if (port == 0) {
            throw new BadConfigurationException(portValue.get().origin() + ": port 0 lets run pick any free port, "
                    + "so it does not say where the system listens; give its URL");
        }
        String host = lookup(Setting.HTTP_HOST, null).map(SettingValue::raw)
                .filter(h -> !WILDCARD_HOSTS.contains(h)).orElse("localhost");
        String scheme = lookup(Setting.HTTP_TLS_KEYSTORE, null).isPresent() ? "https" : "http";
        return URI.create(scheme + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + ":" + port);
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

    private Map<String, String> passedThrough(KafkaPassThrough passThrough) {
        Map<String, String> settings = new TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            passThrough.fromFileKey(key).ifPresent(setting -> settings.put(setting, file.getProperty(key).trim()));
        }
        env.forEach((name, value) -> passThrough.fromEnvName(name).ifPresent(setting -> settings.put(setting, value)));
        return settings;
    }

    private static boolean isClientSecurityKey(String key) {
        return key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl.");
    }
}
