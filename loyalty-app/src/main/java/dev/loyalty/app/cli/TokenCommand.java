package dev.loyalty.app.cli;

import dev.loyalty.http.AccessTokens;
import dev.loyalty.http.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./loyalty token new}: make an HTTP access token; only its hash is kept. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "HTTP access tokens for run --http-tokens FILE.",
        subcommands = TokenCommand.New.class)
public final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: new");
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = {"Makes a random access token, prints it once on standard output and appends its SHA-256 "
                    + "hash with its roles to the tokens file (created readable by its owner only). The token itself "
                    + "is stored nowhere: keep it where its user keeps secrets.",
                    "",
                    "Roles: read (GET /customers/**, /program/**, /metrics), publish (POST /events), admin "
                    + "(replay and /internal/**)."})
    static final class New implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
                description = "read, publish or admin; repeat or separate with commas for several.")
        List<String> roles;

        @Option(names = "--file", paramLabel = "FILE", defaultValue = "http-tokens",
                description = "Tokens file to append to (default: ${DEFAULT-VALUE}).")
        Path file;

        @Override
        public Integer call() throws IOException {
            EnumSet<Role> granted = EnumSet.noneOf(Role.class);
            for (String role : roles) {
                try {
                    granted.add(Role.parse(role));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            String token = AccessTokens.newToken();
            createOwnerOnly(file);
            Files.writeString(file, AccessTokens.line(token, granted) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            PrintWriter out = spec.commandLine().getOut();
            out.println(token);
            out.flush();
            spec.commandLine().getErr().println("loyalty token: added a token with role " + String.join(",",
                    granted.stream().map(Role::label).toList()) + " to " + file
                    + "; the token above is shown only this once");
            return 0;
        }

        /** A new file is its owner's alone: the hashes reveal no token, but nobody else needs to read or change them. */
        private static void createOwnerOnly(Path file) throws IOException {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // Appending to an existing file keeps its permissions.
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        }
    }
}
