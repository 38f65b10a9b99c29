package dev.jobhub.worker.document;

/** Why a document yields no usable text (corrupt, encrypted, a scan, binary); the message is for the user. */
final class UnreadableDocumentException extends Exception {

    UnreadableDocumentException(String message) {
        super(message);
    }
}
