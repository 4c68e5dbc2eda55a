// Apache PDFBox Preflight (PDF/A-1b) over many files in one JVM: one path per line on standard
// input; prints `VALID path` or `INVALID path` and one indented line per error (code : details).
// Exit status 1 when any file is invalid. The same validation as
// `java -cp … org.apache.pdfbox.preflight.Validator_A1b FILE`, without a JVM start per file.
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import org.apache.pdfbox.preflight.PreflightDocument;
import org.apache.pdfbox.preflight.ValidationResult;
import org.apache.pdfbox.preflight.exception.SyntaxValidationException;
import org.apache.pdfbox.preflight.parser.PreflightParser;

public class BatchPreflight {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        String path;
        int invalid = 0;
        while ((path = in.readLine()) != null) {
            if (path.isEmpty()) continue;
            ValidationResult result;
            PreflightParser parser = new PreflightParser(new File(path));
            try {
                parser.parse();
                PreflightDocument doc = parser.getPreflightDocument();
                try {
                    doc.validate();
                    result = doc.getResult();
                } finally {
                    doc.close();
                }
            } catch (SyntaxValidationException e) {
                result = e.getResult();
            }
            if (result.isValid()) {
                System.out.println("VALID " + path);
            } else {
                invalid++;
                System.out.println("INVALID " + path);
                for (ValidationResult.ValidationError e : result.getErrorsList()) {
                    System.out.println("  " + e.getErrorCode() + " : " + e.getDetails());
                }
            }
        }
        System.exit(invalid == 0 ? 0 : 1);
    }
}
