import java.io.*;

/** Runs EPUBCheck 5.3 (its library API and default report) on every EPUB path read from stdin, in one
 * JVM, printing one `PATH: Messages: F fatals / E errors / W warnings / I infos` line per book
 * (the messages themselves go to stderr, as EPUBCheck prints them). Used by
 * scripts/epubcheck-corpus.sh. */
public class BatchCheck {
    public static void main(String[] a) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            com.adobe.epubcheck.util.DefaultReportImpl report = new com.adobe.epubcheck.util.DefaultReportImpl(line);
            new com.adobe.epubcheck.api.EpubCheck(new File(line), report).doValidate();
            System.out.println(line + ": Messages: " + report.getFatalErrorCount() + " fatals / " + report.getErrorCount() + " errors / " + report.getWarningCount() + " warnings / " + report.getInfoCount() + " infos");
            System.out.flush();
        }
    }
}
