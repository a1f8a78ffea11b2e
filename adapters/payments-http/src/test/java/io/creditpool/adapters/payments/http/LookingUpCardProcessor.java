package io.creditpool.adapters.payments.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP card-processor plugin, with a look-up over the processor imitation's list of a customer's payments (each
 * carries the purchase key in its metadata): a plugin that can answer Creditpool's question "was this purchase
 * charged?" before it is charged again. Charges go through {@link HttpCardProcessor} unchanged.
 */
final class LookingUpCardProcessor implements PaymentGateway {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpCardProcessor charges;
    private final ProcessorImitation processor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LookingUpCardProcessor(HttpCardProcessor charges, ProcessorImitation processor) {
        this.charges = charges;
        this.processor = processor;
    }

    @Override
    public ChargeResult charge(ChargeRequest request) {
        return charges.charge(request);
    }

    @Override
    public ChargeLookup lookup(ChargeRequest request) {
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(URI.create(processor.baseUrl() + "/payment_intents?customer="
                    + URLEncoder.encode(request.team().value(), StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + processor.secretKey()).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return ChargeLookup.unknown("the processor could not be asked: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ChargeLookup.unknown("interrupted");
        }
        if (answer.statusCode() != 200) {
            return ChargeLookup.unknown("the processor answered " + answer.statusCode());
        }
        try {
            for (JsonNode intent : JSON.readTree(answer.body()).path("data")) {
                if (!request.idempotencyKey().equals(intent.path("metadata").path("creditpool_key").asText())) {
                    continue;
                }
                String status = intent.path("status").asText();
                if (status.equals("succeeded")) {
                    return ChargeLookup.succeeded(intent.path("id").asText());
                }
                if (status.equals("requires_payment_method")) {
                    return ChargeLookup.declined(intent.path("last_payment_error").path("decline_code").asText());
                }
                return ChargeLookup.unknown("the payment is " + status);
            }
            return ChargeLookup.notFound();
        } catch (IOException e) {
            return ChargeLookup.unknown("the processor's list could not be read");
        }
    }
}
