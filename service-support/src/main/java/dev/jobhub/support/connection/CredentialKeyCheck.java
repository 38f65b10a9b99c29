package dev.jobhub.support.connection;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the {@link CredentialCipher} at startup in the services that set {@code jobhub.credentials.required}
 * (api-service, worker-service), so a missing or malformed {@code JOBHUB_CREDENTIALS_KEY} stops the service with
 * a clear message instead of failing the first request or job that needs a password.
 */
@ApplicationScoped
class CredentialKeyCheck {

    void onStart(@Observes StartupEvent event,
            @ConfigProperty(name = "jobhub.credentials.required", defaultValue = "false") boolean required,
            Instance<CredentialCipher> cipher) {
        if (required) {
            cipher.get();
        }
    }
}
