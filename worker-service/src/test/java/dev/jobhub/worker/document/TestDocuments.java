package dev.jobhub.worker.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Documents made by the tests: varied English sentences from a seed, and PDFs laid out from text. */
final class TestDocuments {

    private static final String[] SUBJECTS = {"The glacier", "A river delta", "The old lighthouse keeper",
        "Our research team", "The city council", "A migrating flock of geese", "The orchestra", "Every engineer",
        "The night train", "A small bakery", "The museum curator", "The volcano", "A patient gardener",
        "The harbour crane", "Local farmers", "The chess champion"};
    private static final String[] VERBS = {"carefully measured", "slowly reshaped", "quietly documented",
        "unexpectedly revealed", "patiently restored", "boldly questioned", "gradually absorbed", "briefly ignored",
        "loudly celebrated", "precisely mapped", "thoroughly examined", "gently repaired"};
    private static final String[] OBJECTS = {"the northern valley", "an ancient manuscript", "the winter harvest",
        "the coastal erosion", "a forgotten melody", "the copper roof", "the annual budget", "a fragile ecosystem",
        "the morning fog", "the tidal patterns", "a stubborn engine", "the mountain pass", "the village archive"};
    private static final String[] ENDINGS = {"before the first snow", "during a long summer", "with great care",
        "for the next generation", "despite the storm", "after years of debate", "under a pale moon",
        "in less than a week", "without any funding", "as the tide turned"};

    private TestDocuments() {
    }

    /** About {@code characters} characters of sentences in paragraphs of five, the same for the same seed. */
    static String sentences(long seed, int characters) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(characters + 200);
        int sentence = 0;
        while (text.length() < characters) {
            text.append(pick(random, SUBJECTS)).append(' ').append(pick(random, VERBS)).append(' ')
                    .append(pick(random, OBJECTS)).append(' ').append(pick(random, ENDINGS))
                    .append(random.nextInt(4) == 0 ? ", and nobody expected it" : "").append(". ");
            if (++sentence % 5 == 0) {
                text.setLength(text.length() - 1);
                text.append("\n\n");
            }
        }
        return text.toString().strip();
    }

    /** A PDF of {@code text}: lines of at most 90 characters, 45 lines a page, Helvetica 10 pt. */
    static byte[] pdf(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                if (line.length() + word.length() + 1 > 90) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.isEmpty() ? "" : " ").append(word);
            }
            lines.add(line.toString());
        }
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int from = 0; from < lines.size(); from += 45) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 10);
                    content.setLeading(14);
                    content.newLineAtOffset(60, 740);
                    for (String line : lines.subList(from, Math.min(lines.size(), from + 45))) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }
}
