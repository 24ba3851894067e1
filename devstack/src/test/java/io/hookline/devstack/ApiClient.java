package io.hookline.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small client of the ingest API for tests, the way a user's curl would call it. */
final class ApiClient {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String token;

  ApiClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  record Answer(int status, JsonNode body) {}

  Answer post(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  Answer get(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build());
  }

  Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? null : Json.mapper().readTree(response.body());
      return new Answer(response.statusCode(), body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates an endpoint and returns the answer (which holds the secret, once). */
  Answer createEndpoint(String tenant, String url, String... eventTypes) {
    StringBuilder types = new StringBuilder();
    for (String t : eventTypes) {
      types.append(types.isEmpty() ? "" : ",").append('"').append(t).append('"');
    }
    return post(
        "/v1/endpoints",
        "{\"tenant\":\"" + tenant + "\",\"url\":\"" + url + "\",\"eventTypes\":[" + types + "]}");
  }

  String baseUrl() {
    return baseUrl;
  }
}
