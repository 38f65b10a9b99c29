package dev.jobhub.stack.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads GreenMail's answer to {@code GET /api/user/{address}/messages/}: a JSON array of {@code {uid, Message-ID,
 * subject, contentType, mimeMessage}} where {@code mimeMessage} is the raw message. The bodies, the addresses and
 * the time it was received are taken from that raw message, with just enough MIME for what the notifier sends
 * (multipart/alternative, quoted-printable or base64 parts, RFC 2047 encoded headers).
 */
public final class Mailbox {

    /** One received mail as {@code stack mails} prints it. {@code html} is null for a text-only mail. */
    public record Mail(String subject, String to, String from, String text, String html, String receivedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");
    /** How GreenMail stamps its Received header: java.util.Date's toString. */
    private static final DateTimeFormatter RECEIVED = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy",
            Locale.ROOT);

    private Mailbox() {
    }

    public static List<Mail> parse(String apiAnswer) {
        try {
            List<Mail> mails = new ArrayList<>();
            for (JsonNode message : JSON.readTree(apiAnswer)) {
                Part raw = Part.of(message.path("mimeMessage").asText(""));
                Bodies bodies = new Bodies();
                bodies.collect(raw);
                String subject = message.hasNonNull("subject") ? message.get("subject").asText()
                        : decodeHeader(raw.header("subject"));
                mails.add(new Mail(subject, decodeHeader(raw.header("to")), decodeHeader(raw.header("from")),
                        bodies.text, bodies.html, receivedAt(raw.header("received"))));
            }
            return mails;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not GreenMail's list of messages: " + e.getMessage(), e);
        }
    }

    public static String toJson(List<Mail> mails) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(mails);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The date after the last ';' of the Received header, as an ISO instant; null if it cannot be read. */
    static String receivedAt(String received) {
        if (received == null || received.lastIndexOf(';') < 0) {
            return null;
        }
        String date = received.substring(received.lastIndexOf(';') + 1).strip();
        try {
            return ZonedDateTime.parse(date, RECEIVED).toInstant().toString();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toString();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** RFC 2047: {@code =?UTF-8?Q?caf=C3=A9?=} and {@code =?UTF-8?B?Y2Fmw6k=?=}, the whitespace between words dropped. */
    static String decodeHeader(String value) {
        if (value == null) {
            return null;
        }
        String joined = value.replaceAll("\\?=\\s+=\\?", "?==?");
        Matcher matcher = ENCODED_WORD.matcher(joined);
        StringBuilder decoded = new StringBuilder();
        while (matcher.find()) {
            Charset charset = charset(matcher.group(1));
            byte[] bytes = matcher.group(2).equalsIgnoreCase("b")
                    ? Base64.getMimeDecoder().decode(matcher.group(3))
                    : quotedPrintable(matcher.group(3).replace('_', ' '), false);
            matcher.appendReplacement(decoded, Matcher.quoteReplacement(new String(bytes, charset)));
        }
        matcher.appendTail(decoded);
        return decoded.toString();
    }

    static byte[] quotedPrintable(String text, boolean softLineBreaks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '=' && softLineBreaks && i + 1 < in.length && (in[i + 1] == '\r' || in[i + 1] == '\n')) {
                i += in[i + 1] == '\r' && i + 2 < in.length && in[i + 2] == '\n' ? 2 : 1;
            } else if (in[i] == '=' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name.strip());
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The first text/plain and text/html parts, wherever they sit in the MIME tree. */
    private static final class Bodies {
        String text;
        String html;

        void collect(Part part) {
            String type = part.contentType();
            if (type.startsWith("multipart/")) {
                part.children().forEach(this::collect);
            } else if (type.equals("text/html")) {
                html = html == null ? part.decodedBody() : html;
            } else if (type.equals("text/plain")) {
                text = text == null ? part.decodedBody() : text;
            }
        }
    }

    /** A MIME entity: its headers (unfolded, names in lower case) and its raw body. */
    record Part(Map<String, String> headers, String body) {

        static Part of(String raw) {
            String normalized = raw.replace("\r\n", "\n");
            int end = normalized.indexOf("\n\n");
            String head = end < 0 ? normalized : normalized.substring(0, end);
            String body = end < 0 ? "" : normalized.substring(end + 2);
            Map<String, String> headers = new LinkedHashMap<>();
            String name = null; // the header being read, null while skipping a repeated one
            for (String line : head.split("\n")) {
                if (line.startsWith(" ") || line.startsWith("\t")) {
                    if (name != null) {
                        headers.put(name, headers.get(name) + " " + line.strip());
                    }
                } else if (line.indexOf(':') > 0) {
                    String header = line.substring(0, line.indexOf(':')).strip().toLowerCase(Locale.ROOT);
                    // the first occurrence wins: the topmost Received header is the receiving server's
                    name = headers.containsKey(header) ? null : header;
                    if (name != null) {
                        headers.put(name, line.substring(line.indexOf(':') + 1).strip());
                    }
                }
            }
            return new Part(headers, body);
        }

        String header(String name) {
            return headers.get(name);
        }

        String contentType() {
            String value = headers.getOrDefault("content-type", "text/plain");
            int semicolon = value.indexOf(';');
            return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        }

        String parameter(String header, String parameter) {
            String value = headers.get(header);
            if (value == null) {
                return null;
            }
            Matcher matcher = Pattern.compile("(?i)(?:^|;)\\s*" + parameter + "\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)")
                    .matcher(value);
            return matcher.find() ? (matcher.group(2) != null ? matcher.group(2) : matcher.group(1)) : null;
        }

        List<Part> children() {
            String boundary = parameter("content-type", "boundary");
            if (boundary == null) {
                return List.of();
            }
            List<Part> parts = new ArrayList<>();
            String delimiter = "--" + boundary;
            String[] sections = body.split("(?m)^" + Pattern.quote(delimiter));
            // before the first delimiter: the preamble; a section starting with "--": the epilogue
            for (int i = 1; i < sections.length; i++) {
                String section = sections[i];
                if (section.startsWith("--")) {
                    break;
                }
                String content = section.startsWith("\n") ? section.substring(1) : section;
                if (content.endsWith("\n")) {
                    content = content.substring(0, content.length() - 1); // the line break belongs to the delimiter
                }
                parts.add(Part.of(content));
            }
            return parts;
        }

        String decodedBody() {
            String encoding = headers.getOrDefault("content-transfer-encoding", "7bit").strip()
                    .toLowerCase(Locale.ROOT);
            Charset charset = charset(parameter("content-type", "charset"));
            return switch (encoding) {
                case "base64" -> new String(Base64.getMimeDecoder().decode(body.strip()), charset);
                case "quoted-printable" -> new String(quotedPrintable(body, true), charset);
                // 7bit and 8bit: GreenMail's JSON carries each byte sent as one character (ISO-8859-1); anything
                // beyond that range was not sent as bytes of a charset and stays as it is
                default -> body.chars().allMatch(c -> c <= 0xFF)
                        ? new String(body.getBytes(StandardCharsets.ISO_8859_1), charset)
                        : body;
            };
        }
    }
}
