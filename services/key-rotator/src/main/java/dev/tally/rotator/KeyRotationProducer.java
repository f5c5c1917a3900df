package dev.tally.rotator;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import dev.tally.keys.SecretsManagerClients;
import dev.tally.keys.KeyRotationProtocol;

public class KeyRotationProducer {

    /** @param endpoint a local Secrets Manager (moto_server) instead of the region's */
    @Produces
    @Singleton
    KeyRotationProtocol rotation(@ConfigProperty(name = "tally.signing-key.endpoint") Optional<URI> endpoint) {
        SecretsManagerClient client = SecretsManagerClients.fromEnvironment(endpoint);
        return new KeyRotationProtocol(client);
    }
}
