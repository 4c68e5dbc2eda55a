//! The PDF sample of issue 6 over the corpus: ten files from the three article sources,
//! through the binary and the validators (`pdf` checks the six of them the fixtures hold).

use crate::common;
use crate::pdf::{assert_sample_pdfs_are_valid_searchable_subset_cid_and_obey_kinsoku, SAMPLE};

#[test]
#[ignore = "corpus suite: make test-corpus"]
fn corpus_sample_pdfs_are_valid_searchable_subset_cid_and_obey_kinsoku() {
    assert_sample_pdfs_are_valid_searchable_subset_cid_and_obey_kinsoku(&common::corpus(), &SAMPLE);
}
