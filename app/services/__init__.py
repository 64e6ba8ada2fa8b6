"""The method's logic, storage services, printing and exchange. Never imports Qt."""
