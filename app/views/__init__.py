"""All Qt: the main window, step pages, dialogs and Qt item models."""
