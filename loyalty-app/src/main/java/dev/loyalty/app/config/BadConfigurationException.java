package dev.loyalty.app.config;

/** Configuration the system cannot start with; its message is shown to the operator as it is. */
public final class BadConfigurationException extends RuntimeException {

    public BadConfigurationException(String message) {
        super(message);
    }
}
