package com.serveurcom.astreinte.bench;

import java.util.List;

/**
 * Our server's lines for each kind of call, the request number replaced by a placeholder: what the
 * bare script replays.
 */
final class Templates {
    static final String NUMBER = "{number}";
    final List<String> prefix;
    final List<String> firstTail;
    final List<String> addedTail;
    final List<String> refusalTail;

    Templates(List<String> prefix, List<String> firstTail, List<String> addedTail, List<String> refusalTail) {
        this.prefix = List.copyOf(prefix);
        this.firstTail = List.copyOf(firstTail);
        this.addedTail = List.copyOf(addedTail);
        this.refusalTail = List.copyOf(refusalTail);
    }

    /**
     * From our server's recorded calls: a first registration on {@code number}, a message added to
     * its request, and a refusal.
     */
    static Templates fromCapture(List<String> first, List<String> added, List<String> refusal, String number) {
        // Every call starts the same way up to the GET DATA that reads the request number.
        int firstRead = 0;
        while (!added.get(firstRead).startsWith("GET DATA")) {
            firstRead++;
        }
        List<String> prefix = List.copyOf(added.subList(0, firstRead + 1));
        for (List<String> seq : List.of(first, added, refusal)) {
            if (!seq.subList(0, prefix.size()).equals(prefix)) {
                throw new IllegalStateException("calls do not share a prefix: " + seq);
            }
        }
        List<String> firstT = tail(first, prefix.size(), number);
        List<String> addedT = tail(added, prefix.size(), number);
        // If 26000001 already had a request (an earlier run), derive the first-call lines.
        List<String> firstTail = firstT.equals(addedT)
                ? addedT.stream().map(l -> l.replace("astreinte/message-ajoute", "astreinte/enregistre-fin")).toList()
                : firstT;
        return new Templates(prefix, firstTail, addedT, tail(refusal, prefix.size(), number));
    }

    private static List<String> tail(List<String> seq, int prefixSize, String number) {
        // asterisk-java itself ends every script with SET VARIABLE AJ_AGISTATUS: not ours to replay.
        return seq.subList(prefixSize, seq.size()).stream()
                .filter(l -> !l.startsWith("SET VARIABLE \"AJ_AGISTATUS\""))
                .map(l -> l.replace(number, NUMBER)).toList();
    }
}
