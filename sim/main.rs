//! The `smogsim` command. All work happens in [`smogsim::cli`]; this file only maps errors to
//! exit codes: 2 for bad input (a file the user gave is wrong), 1 for anything else.

use std::process::ExitCode;

fn main() -> ExitCode {
    match smogsim::cli::main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let bad_input = err.downcast_ref::<smogsim::InputError>().is_some()
                || err.downcast_ref::<smogsim::InputErrors>().is_some();
            let code = if bad_input {
                smogsim::InputError::EXIT_CODE
            } else {
                1
            };
            eprintln!("error: {err:#}");
            ExitCode::from(code as u8)
        }
    }
}
