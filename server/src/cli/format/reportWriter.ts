import type { ReportedFile } from '../reportedFindings';

/**
 * A report written as the files are checked, a batch at a time: a run's memory follows the batch,
 * not the number of findings. `end` writes what only the whole run knows (totals, closing brackets).
 */
export interface ReportWriter {
  file(file: ReportedFile): void;
  end(): void;
}
