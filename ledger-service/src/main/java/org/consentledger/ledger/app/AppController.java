package org.consentledger.ledger.app;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.regex.Pattern;
import org.consentledger.contracts.ingest.LedgerText;
import org.consentledger.contracts.vocabulary.Countries;
import org.consentledger.ledger.web.BadRequestException;
import org.consentledger.ledger.web.NotFoundException;
import org.consentledger.security.Refusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/apps")
class AppController {

    /** The same app id pattern as {@code /apps/{appId}} in the CloudEvents schema. */
    private static final Pattern APP_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private static final int MAX_NAME_LENGTH = 200;

    record AppRegistrationRequest(String name, String country) {
    }

    record AppList(List<App> apps) {
    }

    private final AppRegistry registry;
    private final AppKafka kafka;
    private final AppCredentials credentials;

    AppController(AppRegistry registry, AppKafka kafka, AppCredentials credentials) {
        this.registry = registry;
        this.kafka = kafka;
        this.credentials = credentials;
    }

    @Operation(summary = "Register an app, or update its name and country",
            description = "An app must be registered before its events are accepted. Creates its Kafka topics "
                    + "`ledger.app.{appId}` and `ledger.dlq.{appId}`, its Kafka user and ACLs. 201 when new, 200 when "
                    + "updated.")
    @PutMapping("/{appId}")
    ResponseEntity<App> register(@PathVariable String appId, @RequestBody AppRegistrationRequest request) {
        if (!APP_ID.matcher(appId).matches()) {
            throw new BadRequestException("INVALID_APP_ID",
                    "app id '" + appId + "' must be 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        if (request.name() == null || request.name().isBlank()) {
            throw new BadRequestException("MISSING_FIELD", "name is required");
        }
        if (request.name().length() > MAX_NAME_LENGTH) {
            throw new BadRequestException("INVALID_FIELD", "name has " + request.name().length()
                    + " characters, at most " + MAX_NAME_LENGTH + " are allowed");
        }
        LedgerText.problem(request.name(), "$.name").ifPresent(detail -> {
            throw new BadRequestException("INVALID_FIELD", detail);
        });
        if (!Countries.isCountry(request.country())) {
            throw new BadRequestException("INVALID_FIELD",
                    "country '" + request.country() + "' is not an ISO 3166 alpha-2 code such as DE or US");
        }
        if (!registry.isRegistered(appId) && kafka.hasUser(appId)) {
            // the broker's user of that name is someone else's (the ledger's own, the read side's): an
            // app of that name would be given its password
            throw new Refusal(HttpStatus.CONFLICT, "APP_ID_TAKEN", "app id '" + appId
                    + "' is the name of a Kafka user that is not an app's; choose another");
        }
        AppRegistry.Registration registration = registry.register(appId, request.name().strip(), request.country());
        kafka.provision(appId);
        return ResponseEntity.status(registration.created() ? HttpStatus.CREATED : HttpStatus.OK).body(registration.app());
    }

    @Operation(summary = "Issue or rotate an app's credentials",
            description = "An OAuth client (client_credentials, HTTP Basic) for tokens with `roles: [\"app\"]` and the "
                    + "app's `app_id`, and its Kafka user for its own topic. Secrets are shown once; issuing again "
                    + "replaces both. 404 `APP_NOT_REGISTERED` for an app not registered.")
    @PostMapping("/{appId}/credentials")
    AppCredentials.Credentials credentials(@PathVariable String appId) {
        if (!registry.isRegistered(appId)) {
            throw new NotFoundException("APP_NOT_REGISTERED", "app '" + appId + "' is not registered: PUT /api/v1/apps/"
                    + appId + " first");
        }
        return credentials.issue(appId);
    }

    @Operation(summary = "The registered apps")
    @GetMapping
    AppList list() {
        return new AppList(registry.findAll());
    }
}
