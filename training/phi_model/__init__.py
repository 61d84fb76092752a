"""The PHI guard's name-and-address model: synthetic operations sentences and the build
that trains ``tools/phi/model`` from them (``python -m training.phi_model.build``)."""
