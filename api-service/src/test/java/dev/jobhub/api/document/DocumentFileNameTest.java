package dev.jobhub.api.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DocumentFileNameTest {

    @Test
    void onlyTheLastPathSegmentIsKept() {
        assertThat(DocumentFileName.of("../../etc/passwd")).isEqualTo("passwd");
        assertThat(DocumentFileName.of("C:\\Users\\eve\\report.pdf")).isEqualTo("report.pdf");
        assertThat(DocumentFileName.of("dir/")).isEqualTo("document");
        assertThat(DocumentFileName.of("..")).isEqualTo("document");
    }

    @Test
    void controlLineAndBidiCharactersAreRemovedAndTheNameTrimmed() {
        assertThat(DocumentFileName.of("  evil\r\nX-Injected: 1\u0000.txt ")).isEqualTo("evilX-Injected: 1.txt");
        assertThat(DocumentFileName.of("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
        assertThat(DocumentFileName.of("a\u2028b\u2029c\u2066d\u200F.md")).isEqualTo("abcd.md");
        assertThat(DocumentFileName.of("résumé 日本.txt")).isEqualTo("résumé 日本.txt");
    }

    @Test
    void emptyOrMissingNamesBecomeDocument() {
        assertThat(DocumentFileName.of(null)).isEqualTo("document");
        assertThat(DocumentFileName.of("")).isEqualTo("document");
        assertThat(DocumentFileName.of("\u0007\t \u202E")).isEqualTo("document");
    }

    @Test
    void longNamesAreCutTo255CharactersKeepingTheExtension() {
        String name = DocumentFileName.of("n".repeat(400) + ".markdown");
        assertThat(name).hasSize(255).endsWith("n.markdown");
        // code points, not UTF-16 units: a supplementary character is never split
        String emoji = DocumentFileName.of("\uD83D\uDE00".repeat(300) + ".txt");
        assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(255);
        assertThat(emoji).endsWith("\uD83D\uDE00.txt");
        String noExtension = DocumentFileName.of("x".repeat(300));
        assertThat(noExtension).hasSize(255);
    }
}
