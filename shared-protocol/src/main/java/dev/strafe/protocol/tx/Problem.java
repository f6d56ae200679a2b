package dev.strafe.protocol.tx;

import com.fasterxml.jackson.annotation.JsonProperty;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details, the body of every HTTP error ({@code Content-Type: application/problem+json}).
 *
 * @param type     URI reference identifying the problem type ({@code "about:blank"} when only the status matters)
 * @param title    short summary of the problem type
 * @param status   HTTP status code (100..599)
 * @param detail   explanation specific to this occurrence, optional
 * @param instance URI reference of this occurrence, optional
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, @JsonProperty(required = true) int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String ABOUT_BLANK = "about:blank";

    public Problem {
        if (type == null) {
            type = ABOUT_BLANK;
        }
        Checks.text("type", type, 1024, true);
        Checks.text("title", title, 256, true);
        Checks.range("status", status, 100, 599);
        Checks.text("detail", detail, 4096, false);
        Checks.text("instance", instance, 1024, false);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem(ABOUT_BLANK, title, status, detail, null);
    }
}
