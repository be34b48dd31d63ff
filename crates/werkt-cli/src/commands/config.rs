//! `werkt config show`: the configuration as werkt sees it after every layer.

use anyhow::Result;

use crate::cli::{ConfigAction, GlobalArgs};
use crate::exit::Exit;

pub fn config(global: &GlobalArgs, action: ConfigAction) -> Result<Exit> {
    match action {
        ConfigAction::Show => {
            let config = super::load_config(global)?;
            out!("{}", config.to_toml());
            Ok(Exit::Ok)
        }
    }
}
