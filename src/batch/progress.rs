//! The progress bar: done/total, rate and ETA on stderr, only when stderr is a terminal and the
//! run is not `--quiet`. Otherwise a hidden bar, so callers never branch.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Whether a bar would be seen: stderr is a terminal and the user did not ask for quiet.
pub fn wanted(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// A bar over `total` articles; hidden unless `visible`.
pub fn bar(total: u64, visible: bool) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:30.cyan/blue} {pos}/{len} articles  {per_sec}  ETA {eta}  {wide_msg}",
        )
        .expect("the template is valid")
        .progress_chars("█▉▊▋▌▍▎▏ "),
    );
    bar
}
