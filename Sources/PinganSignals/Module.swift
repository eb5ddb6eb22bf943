// Module PinganSignals
